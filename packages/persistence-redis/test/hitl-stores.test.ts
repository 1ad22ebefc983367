import { ok } from "@awaitly/core";
import { createKVApprovalStore, createKVWorkflowStateStore } from "@awaitly/hitl";
import { createRedisStore } from "@awaitly/persistence-redis";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

describe("createRedisStore with @awaitly/hitl", () => {
  it("backs the KV approval store", async () => {
    const approvals = createKVApprovalStore(createRedisStore(ctx.redis, { prefix: ctx.prefix }));
    await approvals.createApproval("refund:1");
    expect(await approvals.listPending()).toStrictEqual(["refund:1"]);
    await approvals.grantApproval("refund:1", { amount: 30 }, { approvedBy: "ana" });
    expect(await approvals.getApproval("refund:1")).toMatchObject({
      status: "approved",
      value: { amount: 30 },
    });
    expect(await approvals.listPending()).toStrictEqual([]);
  });

  it("backs the KV workflow state store", async () => {
    const states = createKVWorkflowStateStore(createRedisStore(ctx.redis, { prefix: ctx.prefix }));
    await states.save({
      runId: "run-1",
      workflowName: "refund",
      resumeState: { steps: new Map([["lookup", { result: ok({ id: 1 }) }]]) },
      pendingApprovals: ["refund:1"],
      startedAt: 1,
      updatedAt: 2,
    });
    const loaded = await states.load("run-1");
    expect(loaded?.resumeState.steps.get("lookup")?.result).toStrictEqual(ok({ id: 1 }));
    expect(await states.list()).toStrictEqual(["run-1"]);
    expect(await states.findByPendingApproval("refund:1")).toStrictEqual(["run-1"]);
  });
});
