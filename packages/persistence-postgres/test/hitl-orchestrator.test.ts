import {
  createWorkflow,
  ok,
  type AsyncResult,
  type ErrorsOfDeps,
  type RunStep,
} from "@awaitly/core";
import {
  createApprovalChecker,
  createApprovalStep,
  createHITLOrchestrator,
  type HITLWorkflowFactoryOptions,
} from "@awaitly/hitl";
import {
  createPostgresApprovalStore,
  createPostgresWorkflowStateStore,
} from "@awaitly/persistence-postgres";
import { describe, expect, it } from "vitest";
import { usePostgres } from "./support/use-postgres";

const ctx = usePostgres();

// A new orchestrator and stores per call, as a fresh process would build them.
function orchestrator() {
  const approvalStore = createPostgresApprovalStore(ctx.pool, { schema: ctx.schema });
  const workflowStateStore = createPostgresWorkflowStateStore(ctx.pool, { schema: ctx.schema });
  return { approvalStore, hitl: createHITLOrchestrator({ approvalStore, workflowStateStore }) };
}

describe("@awaitly/hitl on PostgreSQL", () => {
  it("pauses at each gate, resumes in another orchestrator and never repeats a step", async () => {
    const calls = { reserve: 0, charge: 0 };
    const build = (approvalStore: ReturnType<typeof orchestrator>["approvalStore"]) => {
      const check = createApprovalChecker<{ by: string }>(approvalStore);
      const managerGate = createApprovalStep<{ by: string }>({
        key: "approve:manager",
        checkApproval: check("approve:manager"),
      });
      const reserve = async (id: string): AsyncResult<string, never> => {
        calls.reserve++;
        return ok(`res:${id}`);
      };
      const charge = async (amount: number): AsyncResult<string, never> => {
        calls.charge++;
        return ok(`ch:${amount}`);
      };
      const deps = { managerGate, reserve, charge };
      const factory = ({ resumeState, onEvent }: HITLWorkflowFactoryOptions) =>
        createWorkflow(deps, { resumeState, onEvent });
      const body = async (
        step: RunStep<ErrorsOfDeps<typeof deps>>,
        d: typeof deps,
        input: { id: string; amount: number },
      ) => {
        const reservation = await step(() => d.reserve(input.id), { key: "reserve" });
        const manager = await step(d.managerGate, { key: "approve:manager" });
        const receipt = await step(() => d.charge(input.amount), { key: "charge" });
        return { reservation, receipt, by: manager.by };
      };
      return { factory, body };
    };

    const first = orchestrator();
    const order = build(first.approvalStore);
    const paused = await first.hitl.execute(
      "orders",
      order.factory,
      order.body,
      { id: "o1", amount: 120 },
      { runId: "r1" },
    );
    expect(paused).toMatchObject({
      status: "paused",
      runId: "r1",
      pendingApprovals: ["approve:manager"],
    });
    expect(await first.approvalStore.listPending()).toStrictEqual(["approve:manager"]);

    const second = orchestrator();
    await second.hitl.grantApproval("approve:manager", { by: "mia" }, { autoResume: false });
    const again = build(second.approvalStore);
    const done = await second.hitl.resume("r1", again.factory, again.body);
    expect(done).toMatchObject({
      status: "resumed",
      result: { ok: true, value: { reservation: "res:o1", receipt: "ch:120", by: "mia" } },
    });
    expect(calls).toStrictEqual({ reserve: 1, charge: 1 });
    expect(await second.hitl.getWorkflowStatus("r1")).toBeUndefined();
  });
});
