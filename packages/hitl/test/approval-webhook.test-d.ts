import { describe, expectTypeOf, it } from "vitest";
import {
  createApprovalWebhookHandler,
  createMemoryApprovalStore,
  type ApprovalWebhookErrorCode,
  type ApprovalWebhookRequest,
  type ApprovalWebhookResponse,
} from "@awaitly/hitl";

const store = createMemoryApprovalStore();

describe("createApprovalWebhookHandler", () => {
  it("takes an untrusted body and, without a context type, no second argument", () => {
    const handle = createApprovalWebhookHandler(store);
    expectTypeOf(handle({ anything: true })).resolves.toEqualTypeOf<ApprovalWebhookResponse>();
  });

  it("requires the context its authorize declares", () => {
    type Session = { userId: string };
    const handle = createApprovalWebhookHandler<Session>(store, {
      authorize: (request, session) => {
        expectTypeOf(request).toEqualTypeOf<ApprovalWebhookRequest>();
        expectTypeOf(session).toEqualTypeOf<Session>();
        return { allow: true, actorId: session.userId };
      },
    });
    void handle({}, { userId: "u1" });
    // @ts-expect-error the session is required when authorize needs it
    void handle({});
    // @ts-expect-error the session must have the declared shape
    void handle({}, { id: 1 });
  });

  it("narrows responses on success", async () => {
    const response = await createApprovalWebhookHandler(store)({});
    if (response.success) {
      expectTypeOf(response.status).toEqualTypeOf<200>();
      expectTypeOf(response.data.key).toEqualTypeOf<string>();
    } else {
      expectTypeOf(response.code).toEqualTypeOf<ApprovalWebhookErrorCode>();
      expectTypeOf(response.status).toEqualTypeOf<400 | 401 | 403 | 404 | 409 | 410 | 413 | 500>();
    }
  });

  it("refuses authorize answers that are not decisions", () => {
    createApprovalWebhookHandler(store, {
      // @ts-expect-error a denial must say whether the caller is unauthenticated or forbidden
      authorize: () => ({ allow: false }),
    });
  });
});
