import type { WorkflowQueue } from "@awaitly/bullmq";
import { createRunConsole, type ConsoleAction } from "@awaitly/console";
import type { Request, Router } from "express";
import { describe, expectTypeOf, it } from "vitest";

declare const orders: WorkflowQueue<{ orderId: string }, string, { type: "DECLINED" }>;
declare const emails: WorkflowQueue<{ to: string }, void, never>;

describe("createRunConsole types", () => {
  it("takes queues of any run types and answers a Router", () => {
    expectTypeOf(
      createRunConsole({ queues: [orders, emails], authorize: () => true }),
    ).toEqualTypeOf<Router>();
    createRunConsole({
      queues: [orders],
      authorize: async (req: Request, action: ConsoleAction) =>
        action.type === "read" || req.get("x-role") === "operator",
    });
    createRunConsole({ queues: [orders], authorize: "allow-anonymous" });
    // @ts-expect-error authorize is required: no anonymous actions by accident
    createRunConsole({ queues: [orders] });
    // @ts-expect-error only "allow-anonymous" opts out
    createRunConsole({ queues: [orders], authorize: "yes" });
  });
});
