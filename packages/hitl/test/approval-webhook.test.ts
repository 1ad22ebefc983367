import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOrderWorkflow } from "./support/order-workflow";
import {
  createApprovalWebhookHandler,
  createHITLOrchestrator,
  createMemoryApprovalStore,
  createMemoryWorkflowStateStore,
  type ApprovalStore,
  type ApprovalWebhookRequest,
} from "@awaitly/hitl";

let store: ApprovalStore;
beforeEach(async () => {
  vi.useFakeTimers({ now: 1_000 });
  store = createMemoryApprovalStore();
  await store.createApproval("approve:1", { expiresAt: 60_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createApprovalWebhookHandler", () => {
  describe("without authorize (development only)", () => {
    it("answers 413 VALUE_TOO_LARGE for a value over the limit and leaves the request open", async () => {
      const handle = createApprovalWebhookHandler(store);
      const response = await handle({
        key: "approve:1",
        action: "approve",
        value: "x".repeat(70_000),
      });
      expect(response).toMatchObject({ success: false, status: 413, code: "VALUE_TOO_LARGE" });
      expect(await store.getApproval("approve:1")).toMatchObject({ status: "pending" });
      const small = createApprovalWebhookHandler(store, { maxValueBytes: 10 });
      expect(
        await small({ key: "approve:1", action: "approve", value: "x".repeat(20) }),
      ).toMatchObject({ status: 413 });
      expect(() => createApprovalWebhookHandler(store, { maxValueBytes: -1 })).toThrow(RangeError);
    });

    it("approves an open request and records the declared actor", async () => {
      const handle = createApprovalWebhookHandler(store);
      const response = await handle({
        key: "approve:1",
        action: "approve",
        value: { ok: 1 },
        actorId: "ada",
      });
      expect(response).toEqual({
        success: true,
        status: 200,
        message: "Approval approve:1 granted",
        data: { key: "approve:1", action: "approve", timestamp: 1_000 },
      });
      expect(await store.getApproval("approve:1")).toMatchObject({
        status: "approved",
        value: { ok: 1 },
        approvedBy: "ada",
      });
    });

    it("rejects with a reason and cancels open requests", async () => {
      const handle = createApprovalWebhookHandler(store);
      expect(
        await handle({ key: "approve:1", action: "reject", reason: "no", actorId: "bob" }),
      ).toMatchObject({
        success: true,
        message: "Approval approve:1 rejected",
      });
      expect(await store.getApproval("approve:1")).toMatchObject({
        status: "rejected",
        rejectedBy: "bob",
      });
      await store.createApproval("approve:2");
      expect(await handle({ key: "approve:2", action: "cancel" })).toMatchObject({
        success: true,
        message: "Approval approve:2 cancelled",
      });
      expect(await store.getApproval("approve:2")).toEqual({ status: "not_found" });
    });
  });

  describe("authorize", () => {
    it("answers 403 and changes nothing when authorize returns false", async () => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => false });
      const response = await handle({ key: "approve:1", action: "approve", value: 1 });
      expect(response).toEqual({
        success: false,
        status: 403,
        code: "FORBIDDEN",
        message: "Not allowed to approve approval approve:1",
      });
      expect((await store.getApproval("approve:1")).status).toBe("pending");
    });

    it("answers 401 and changes nothing for an unauthenticated caller", async () => {
      const handle = createApprovalWebhookHandler<{ token?: string }>(store, {
        authorize: async (_request, context) =>
          context.token === "secret" ? true : { allow: false, reason: "unauthenticated" },
      });
      for (const action of ["approve", "reject", "cancel"] as const) {
        const response = await handle({ key: "approve:1", action, reason: "r" }, {});
        expect(response).toMatchObject({ success: false, status: 401, code: "UNAUTHENTICATED" });
      }
      expect((await store.getApproval("approve:1")).status).toBe("pending");
      expect(
        (await handle({ key: "approve:1", action: "approve" }, { token: "secret" })).status,
      ).toBe(200);
    });

    it("passes the validated request and the caller's context, and records the verified actor", async () => {
      const seen: Array<[ApprovalWebhookRequest, string]> = [];
      const handle = createApprovalWebhookHandler<string>(store, {
        authorize: (request, user) => {
          seen.push([request, user]);
          return { allow: true, actorId: user };
        },
      });
      await handle(
        { key: "approve:1", action: "approve", value: 5, actorId: "someone-else" },
        "mia",
      );
      expect(seen).toEqual([
        [
          {
            key: "approve:1",
            action: "approve",
            value: 5,
            reason: undefined,
            actorId: "someone-else",
          },
          "mia",
        ],
      ]);
      expect(await store.getApproval("approve:1")).toMatchObject({ approvedBy: "mia" });
    });

    it("uses authorize's message for a forbidden answer", async () => {
      const handle = createApprovalWebhookHandler(store, {
        authorize: () => ({ allow: false, reason: "forbidden", message: "managers only" }),
      });
      expect(await handle({ key: "approve:1", action: "approve" })).toMatchObject({
        status: 403,
        message: "managers only",
      });
    });

    it("answers 500 without details, reports the error and changes nothing when authorize throws", async () => {
      const errors: unknown[] = [];
      const boom = new Error("auth service down: 10.0.0.3");
      const handle = createApprovalWebhookHandler(store, {
        authorize: () => {
          throw boom;
        },
        onError: (e) => errors.push(e),
      });
      const response = await handle({ key: "approve:1", action: "approve" });
      expect(response).toEqual({
        success: false,
        status: 500,
        code: "INTERNAL_ERROR",
        message: "The approval could not be processed",
      });
      expect(errors).toEqual([boom]);
      expect((await store.getApproval("approve:1")).status).toBe("pending");
    });

    it("is not consulted for an invalid body", async () => {
      const authorize = vi.fn(() => true);
      const handle = createApprovalWebhookHandler(store, { authorize });
      expect((await handle({ key: "", action: "approve" })).status).toBe(400);
      expect(authorize).not.toHaveBeenCalled();
    });
  });

  describe("body validation", () => {
    const invalid: Array<[string, unknown, string]> = [
      ["a null body", null, "Request body must be an object"],
      ["an array body", [], "Request body must be an object"],
      ["a string body", "approve", "Request body must be an object"],
      ["a missing key", { action: "approve" }, "key must be a non-empty string"],
      ["an empty key", { key: "", action: "approve" }, "key must be a non-empty string"],
      ["a blank key", { key: "   ", action: "approve" }, "key must be a non-empty string"],
      ["a numeric key", { key: 1, action: "approve" }, "key must be a non-empty string"],
      [
        "a key over 256 characters",
        { key: "k".repeat(257), action: "approve" },
        "key must be at most 256 characters",
      ],
      [
        "an unknown action",
        { key: "approve:1", action: "delete" },
        'action must be one of "approve", "reject", "cancel"',
      ],
      [
        "a missing action",
        { key: "approve:1" },
        'action must be one of "approve", "reject", "cancel"',
      ],
      [
        "a rejection without reason",
        { key: "approve:1", action: "reject" },
        "Reason is required for rejection",
      ],
      [
        "a rejection with an empty reason",
        { key: "approve:1", action: "reject", reason: "" },
        "Reason is required for rejection",
      ],
      [
        "a non-string reason",
        { key: "approve:1", action: "reject", reason: 5 },
        "reason must be a string",
      ],
      [
        "a reason over 2000 characters",
        { key: "approve:1", action: "reject", reason: "r".repeat(2001) },
        "reason must be at most 2000 characters",
      ],
      [
        "a non-string actorId",
        { key: "approve:1", action: "approve", actorId: {} },
        "actorId must be a string",
      ],
    ];

    it.each(invalid)("answers 400 and changes nothing for %s", async (_case, body, message) => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => true });
      expect(await handle(body)).toEqual({
        success: false,
        status: 400,
        code: "INVALID_REQUEST",
        message,
      });
      expect((await store.getApproval("approve:1")).status).toBe("pending");
    });

    it("accepts a key of exactly maxKeyLength and honours a custom limit", async () => {
      const key = "k".repeat(256);
      await store.createApproval(key);
      const handle = createApprovalWebhookHandler(store);
      expect((await handle({ key, action: "approve" })).status).toBe(200);
      const strict = createApprovalWebhookHandler(store, { maxKeyLength: 5 });
      expect(await strict({ key: "approve:1", action: "approve" })).toMatchObject({
        status: 400,
        message: "key must be at most 5 characters",
      });
    });
  });

  describe("request state", () => {
    it("refuses to approve an unknown key with 404 and creates nothing", async () => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => true });
      expect(await handle({ key: "approve:ghost", action: "approve", value: 1 })).toEqual({
        success: false,
        status: 404,
        code: "NOT_FOUND",
        message: "Approval approve:ghost not found",
      });
      expect(await store.getApproval("approve:ghost")).toEqual({ status: "not_found" });
      expect((await handle({ key: "approve:ghost", action: "cancel" })).status).toBe(404);
    });

    it("refuses to approve, reject or cancel an already decided key with 409", async () => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => true });
      await handle({ key: "approve:1", action: "reject", reason: "no" });
      for (const body of [
        { key: "approve:1", action: "approve", value: 1 },
        { key: "approve:1", action: "reject", reason: "again" },
        { key: "approve:1", action: "cancel" },
      ]) {
        expect(await handle(body)).toEqual({
          success: false,
          status: 409,
          code: "ALREADY_DECIDED",
          message: "Approval approve:1 is already rejected",
        });
      }
      expect(await store.getApproval("approve:1")).toMatchObject({
        status: "rejected",
        reason: "no",
      });
    });

    it("refuses to approve or reject an expired key with 410, but lets it be cancelled", async () => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => true });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await handle({ key: "approve:1", action: "approve" })).toEqual({
        success: false,
        status: 410,
        code: "EXPIRED",
        message: "Approval approve:1 has expired",
      });
      expect((await handle({ key: "approve:1", action: "reject", reason: "late" })).status).toBe(
        410,
      );
      expect((await store.getApproval("approve:1")).status).toBe("expired");
      expect((await handle({ key: "approve:1", action: "cancel" })).status).toBe(200);
    });

    it("decides once when two approvals of the same key race", async () => {
      const handle = createApprovalWebhookHandler(store, { authorize: () => true });
      const responses = await Promise.all([
        handle({ key: "approve:1", action: "approve", value: "a" }),
        handle({ key: "approve:1", action: "approve", value: "b" }),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await store.getApproval("approve:1")).toMatchObject({ value: "a" });
    });

    it("protects stores that would overwrite decisions themselves", async () => {
      // A 1.0.0-style custom store: grants anything, unconditionally.
      const records = new Map<string, { status: "approved" | "pending"; value?: unknown }>([
        ["approve:1", { status: "approved", value: "first" }],
      ]);
      const lenient: ApprovalStore = {
        getApproval: async (key) => {
          const r = records.get(key);
          return r === undefined
            ? { status: "not_found" }
            : r.status === "approved"
              ? { status: "approved", value: r.value }
              : { status: "pending" };
        },
        createApproval: async (key) => void records.set(key, { status: "pending" }),
        grantApproval: async (key, value) => void records.set(key, { status: "approved", value }),
        rejectApproval: async () => {},
        cancelApproval: async (key) => void records.delete(key),
        listPending: async () => [],
      };
      const handle = createApprovalWebhookHandler(lenient, { authorize: () => true });
      expect((await handle({ key: "approve:1", action: "approve", value: "second" })).status).toBe(
        409,
      );
      expect((await handle({ key: "approve:x", action: "approve", value: 1 })).status).toBe(404);
      expect(records.get("approve:1")?.value).toBe("first");
      expect(records.has("approve:x")).toBe(false);
    });

    it("answers 500 without the store's message and reports the error when the store fails", async () => {
      const errors: unknown[] = [];
      const failing: ApprovalStore = {
        ...store,
        grantApproval: async () => {
          throw new Error("redis://admin:hunter2@10.0.0.5 refused");
        },
      };
      const handle = createApprovalWebhookHandler(failing, { onError: (e) => errors.push(e) });
      const response = await handle({ key: "approve:1", action: "approve" });
      expect(response).toMatchObject({ status: 500, code: "INTERNAL_ERROR" });
      expect(JSON.stringify(response)).not.toContain("hunter2");
      expect(errors).toHaveLength(1);
    });
  });

  describe("onDecision", () => {
    it("is called with the verified actor after a change, and not for refused calls", async () => {
      const decisions: unknown[] = [];
      const handle = createApprovalWebhookHandler<string>(store, {
        authorize: (_r, user) => (user === "mia" ? { allow: true, actorId: user } : false),
        onDecision: (d) => void decisions.push(d),
      });
      await handle({ key: "approve:1", action: "approve", actorId: "forged" }, "eve");
      await handle({ key: "approve:ghost", action: "approve" }, "mia");
      await handle({ key: "approve:1", action: "approve", actorId: "forged" }, "mia");
      expect(decisions).toEqual([{ key: "approve:1", action: "approve", actorId: "mia" }]);
    });

    it("keeps the decision and answers success when onDecision fails, reporting the error", async () => {
      const errors: unknown[] = [];
      const handle = createApprovalWebhookHandler(store, {
        onDecision: () => {
          throw new Error("resume failed");
        },
        onError: (e) => errors.push(e),
      });
      expect((await handle({ key: "approve:1", action: "approve" })).status).toBe(200);
      expect((await store.getApproval("approve:1")).status).toBe("approved");
      expect(errors).toHaveLength(1);
    });

    it("resumes the waiting run through the orchestrator", async () => {
      const approvalStore = createMemoryApprovalStore();
      const hitl = createHITLOrchestrator({
        approvalStore,
        workflowStateStore: createMemoryWorkflowStateStore(),
      });
      const order = createOrderWorkflow(approvalStore);
      await hitl.execute(
        "orders",
        order.factory,
        order.body,
        { orderId: "o", amount: 1 },
        { runId: "r" },
      );
      const handle = createApprovalWebhookHandler<string>(approvalStore, {
        authorize: (_r, user) => ({ allow: true, actorId: user }),
        onDecision: async ({ key }) => {
          await hitl.resumeWaiting(key);
        },
      });
      await handle({ key: "approve:manager", action: "approve", value: { by: "mia" } }, "mia");
      expect(order.calls.charge).toBe(1);
      expect(await hitl.getWorkflowStatus("r")).toMatchObject({
        pendingApprovals: ["approve:finance"],
      });
      await handle({ key: "approve:finance", action: "reject", reason: "no budget" }, "fin");
      expect(await hitl.getWorkflowStatus("r")).toBeUndefined();
      expect(order.calls.ship).toBe(0);
    });
  });

  it("throws naming the option and value for bad options", () => {
    expect(() => createApprovalWebhookHandler(store, { maxKeyLength: 0 })).toThrow(
      new RangeError(
        "createApprovalWebhookHandler: maxKeyLength must be a whole number > 0, got 0",
      ),
    );
    expect(() => createApprovalWebhookHandler(store, { maxReasonLength: 1.5 })).toThrow(RangeError);
    expect(() => createApprovalWebhookHandler(store, { authorize: "yes" as never })).toThrow(
      /authorize must be a function, got yes/,
    );
    expect(() => createApprovalWebhookHandler(store, { onDecision: 1 as never })).toThrow(
      /onDecision must be a function, got 1/,
    );
    expect(() => createApprovalWebhookHandler(null as never)).toThrow(TypeError);
  });
});
