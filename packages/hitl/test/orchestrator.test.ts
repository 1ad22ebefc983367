import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createHITLOrchestrator,
  createKVApprovalStore,
  createKVWorkflowStateStore,
  createMemoryApprovalStore,
  createMemoryWorkflowStateStore,
  isApprovalStateError,
  type ApprovalStore,
  type HITLOrchestrator,
  type HITLWorkflowFactoryOptions,
  type WorkflowStateStore,
} from "@awaitly/hitl";
import { createMemoryKV } from "./support/memory-kv";
import { createOrderWorkflow } from "./support/order-workflow";

const WEEK = 604_800_000;
const input = { orderId: "o1", amount: 120 };

let approvalStore: ApprovalStore;
let workflowStateStore: WorkflowStateStore;
let hitl: HITLOrchestrator;
let logs: string[];

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  approvalStore = createMemoryApprovalStore();
  workflowStateStore = createMemoryWorkflowStateStore();
  logs = [];
  hitl = createHITLOrchestrator({ approvalStore, workflowStateStore, logger: (m) => logs.push(m) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createHITLOrchestrator", () => {
  it("throws naming the option and value for bad options", () => {
    expect(() =>
      createHITLOrchestrator({ approvalStore, workflowStateStore, defaultExpirationMs: -1 }),
    ).toThrow(
      new RangeError("createHITLOrchestrator: defaultExpirationMs must be a number > 0, got -1"),
    );
    expect(() =>
      createHITLOrchestrator({ approvalStore: {} as never, workflowStateStore }),
    ).toThrow(/approvalStore/);
    expect(() =>
      createHITLOrchestrator({ approvalStore, workflowStateStore: undefined as never }),
    ).toThrow(TypeError);
    expect(() =>
      createHITLOrchestrator({ approvalStore, workflowStateStore, logger: "x" as never }),
    ).toThrow(/logger.*x/);
  });
});

describe("execute", () => {
  it("returns completed and saves nothing when no gate is pending", async () => {
    const order = createOrderWorkflow(approvalStore);
    await approvalStore.createApproval("approve:manager");
    await approvalStore.grantApproval("approve:manager", { by: "mia" });
    await approvalStore.createApproval("approve:finance");
    await approvalStore.grantApproval("approve:finance", { by: "fin" });
    const result = await hitl.execute("orders", order.factory, order.body, input);
    expect(result).toEqual({
      status: "completed",
      result: {
        ok: true,
        value: {
          receipt: "receipt:120",
          shipped: "shipped:reservation:o1",
          approvers: ["mia", "fin"],
        },
      },
    });
    expect(await workflowStateStore.list()).toEqual([]);
    expect(logs.at(-1)).toMatch(/completed$/);
  });

  it("pauses at the first gate, saves the run and opens the approval request", async () => {
    const order = createOrderWorkflow(approvalStore);
    const factoryOptions: object[] = [];
    const result = await hitl.execute(
      "orders",
      (o) => {
        factoryOptions.push(o);
        return order.factory(o);
      },
      order.body,
      input,
      { runId: "run-1", metadata: { tenant: "t1" } },
    );
    expect(result).toEqual({
      status: "paused",
      runId: "run-1",
      pendingApprovals: ["approve:manager"],
      reason: "manager sign-off",
    });
    expect(Object.keys(factoryOptions[0]!)).toEqual(["onEvent"]);
    const saved = await hitl.getWorkflowStatus("run-1");
    expect(saved).toMatchObject({
      runId: "run-1",
      workflowName: "orders",
      pendingApprovals: ["approve:manager"],
      input,
      metadata: { tenant: "t1" },
      startedAt: 1_000_000,
    });
    expect([...saved!.resumeState.steps.keys()]).toEqual(["reserve", "approve:manager"]);
    expect(await approvalStore.getApproval("approve:manager")).toEqual({
      status: "pending",
      metadata: { runId: "run-1", workflowName: "orders" },
      expiresAt: 1_000_000 + WEEK,
    });
    expect(logs).toContain("Workflow run-1 paused, waiting for: approve:manager");
    expect(await hitl.listPendingWorkflows("orders")).toEqual(["run-1"]);
    expect(await hitl.listPendingWorkflows("other")).toEqual([]);
  });

  it("generates a run id when none is given", async () => {
    const order = createOrderWorkflow(approvalStore);
    const result = await hitl.execute("orders", order.factory, order.body, input);
    expect(result.status === "paused" && result.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("records when the run started, not when it paused", async () => {
    const order = createOrderWorkflow(approvalStore);
    const slowReserve = order.deps.reserve;
    order.deps.reserve = async (id: string) => {
      await new Promise((r) => setTimeout(r, 5_000));
      return slowReserve(id);
    };
    const running = hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await vi.advanceTimersByTimeAsync(5_000);
    await running;
    const saved = await hitl.getWorkflowStatus("r");
    expect(saved?.startedAt).toBe(1_000_000);
    expect(saved?.updatedAt).toBe(1_005_000);
  });
});

describe("resume", () => {
  it("stays paused without running anything while the approval is open", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const result = await hitl.resume("r", order.factory, order.body);
    expect(result).toEqual({ status: "paused", runId: "r", pendingApprovals: ["approve:manager"] });
    expect(order.calls.reserve).toBe(1);
  });

  it("rejects for an unknown run", async () => {
    const order = createOrderWorkflow(approvalStore);
    await expect(hitl.resume("ghost", order.factory, order.body)).rejects.toThrow(
      "Workflow run not found: ghost",
    );
  });

  it("keeps the steps of every earlier pause, so nothing runs twice across two pauses", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await hitl.grantApproval("approve:manager", { by: "mia" }, { autoResume: false });

    const second = await hitl.resume("r", order.factory, order.body);
    expect(second).toEqual({
      status: "paused",
      runId: "r",
      pendingApprovals: ["approve:finance"],
      reason: "finance sign-off",
    });
    const saved = await hitl.getWorkflowStatus("r");
    expect([...saved!.resumeState.steps.keys()].sort()).toEqual(
      ["approve:finance", "approve:manager", "charge", "reserve"].sort(),
    );
    expect(saved).toMatchObject({ input, startedAt: 1_000_000 });

    await hitl.grantApproval("approve:finance", { by: "fin" }, { autoResume: false });
    const third = await hitl.resume("r", order.factory, order.body);
    expect(third).toEqual({
      status: "resumed",
      runId: "r",
      result: {
        ok: true,
        value: {
          receipt: "receipt:120",
          shipped: "shipped:reservation:o1",
          approvers: ["mia", "fin"],
        },
      },
    });
    expect(order.calls).toEqual({ reserve: 1, charge: 1, ship: 1 });
    expect(await hitl.getWorkflowStatus("r")).toBeUndefined();
    expect(logs).toContain("Workflow r resumed and completed");
  });

  it("ends the run with ApprovalRejected when the approval was rejected", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await hitl.rejectApproval("approve:manager", "over budget", { autoResume: false });
    const result = await hitl.resume("r", order.factory, order.body);
    expect(result).toEqual({
      status: "resumed",
      runId: "r",
      result: {
        ok: false,
        error: { type: "APPROVAL_REJECTED", stepKey: "approve:manager", reason: "over budget" },
      },
    });
    expect(order.calls.charge).toBe(0);
    expect(await hitl.getWorkflowStatus("r")).toBeUndefined();
  });

  it("ends the run with ApprovalRejected when the factory drops resumeState and the gate re-checks", async () => {
    const order = createOrderWorkflow(approvalStore);
    const forgetful = ({ onEvent }: HITLWorkflowFactoryOptions) => order.factory({ onEvent });
    await hitl.execute("orders", forgetful, order.body, input, { runId: "r" });
    await hitl.rejectApproval("approve:manager", "no", { autoResume: false });
    const result = await hitl.resume("r", forgetful, order.body);
    expect(result.status === "resumed" && result.result).toMatchObject({
      ok: false,
      error: { type: "APPROVAL_REJECTED", reason: "no" },
    });
  });

  it("ends the run with ApprovalRejected when the request expired, instead of throwing", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await vi.advanceTimersByTimeAsync(WEEK + 1);
    const result = await hitl.resume("r", order.factory, order.body);
    expect(result).toMatchObject({
      status: "resumed",
      result: {
        ok: false,
        error: {
          type: "APPROVAL_REJECTED",
          stepKey: "approve:manager",
          reason: "Approval request expired",
        },
      },
    });
    expect(await hitl.getWorkflowStatus("r")).toBeUndefined();
  });

  it("ends the run with ApprovalRejected when the request was cancelled", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await approvalStore.cancelApproval("approve:manager");
    const result = await hitl.resume("r", order.factory, order.body);
    expect(result.status === "resumed" && result.result).toMatchObject({
      ok: false,
      error: {
        type: "APPROVAL_REJECTED",
        reason: "Approval request was cancelled or no longer exists",
      },
    });
  });

  it("does not reopen a decided approval when a new run pauses on the same key", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r1" });
    await hitl.rejectApproval("approve:manager", "no", { autoResume: false });
    // A gate that ignores the store pauses again; the rejection must survive createApproval.
    const stubborn = createOrderWorkflow(approvalStore);
    stubborn.deps.managerGate = async () => ({
      ok: false,
      error: { type: "PENDING_APPROVAL", stepKey: "approve:manager" },
    });
    const second = await hitl.execute("orders", stubborn.factory, stubborn.body, input, {
      runId: "r2",
    });
    expect(second.status).toBe("paused");
    expect(await approvalStore.getApproval("approve:manager")).toMatchObject({
      status: "rejected",
    });
    const resumed = await hitl.resume("r2", stubborn.factory, stubborn.body);
    expect(resumed.status === "resumed" && resumed.result).toMatchObject({
      ok: false,
      error: { type: "APPROVAL_REJECTED", reason: "no" },
    });
  });

  it("reads each approval once per resume", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await approvalStore.grantApproval("approve:manager", { by: "mia" });
    const reads: string[] = [];
    const counting: ApprovalStore = {
      ...approvalStore,
      getApproval: (key) => {
        reads.push(key);
        return approvalStore.getApproval(key);
      },
    };
    const counted = createHITLOrchestrator({ approvalStore: counting, workflowStateStore });
    // The finance gate's checker reads the real store, not the counting one.
    await counted.resume("r", order.factory, order.body);
    expect(reads).toEqual(["approve:manager"]);
  });

  it("runs the workflow once when two resumes of the same run race", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await hitl.grantApproval("approve:manager", { by: "mia" }, { autoResume: false });
    const [a, b] = await Promise.all([
      hitl.resume("r", order.factory, order.body),
      hitl.resume("r", order.factory, order.body),
    ]);
    expect(a).toEqual(b);
    expect(order.calls.charge).toBe(1);
  });
});

describe("grantApproval", () => {
  it("resumes the waiting runs (autoResume defaults to true)", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const granted = await hitl.grantApproval(
      "approve:manager",
      { by: "mia" },
      { approvedBy: "mia" },
    );
    expect(granted).toEqual({
      grantedAt: 1_000_000,
      resumedWorkflows: ["r"],
      waitingWorkflows: [],
      results: [
        {
          status: "paused",
          runId: "r",
          pendingApprovals: ["approve:finance"],
          reason: "finance sign-off",
        },
      ],
    });
    expect(order.calls.charge).toBe(1);
    expect(logs).toContain("Approval approve:manager granted by mia");

    const finished = await hitl.grantApproval("approve:finance", { by: "fin" });
    expect(finished.resumedWorkflows).toEqual(["r"]);
    expect(finished.results[0]).toMatchObject({ status: "resumed", result: { ok: true } });
    expect(order.calls).toEqual({ reserve: 1, charge: 1, ship: 1 });
    expect(await hitl.getWorkflowStatus("r")).toBeUndefined();
  });

  it("only reports the waiting runs when autoResume is false", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const granted = await hitl.grantApproval(
      "approve:manager",
      { by: "mia" },
      { autoResume: false },
    );
    expect(granted).toMatchObject({ resumedWorkflows: [], waitingWorkflows: ["r"], results: [] });
    expect(order.calls.charge).toBe(0);
  });

  it("leaves runs waiting whose workflow is not registered in this process, until registerWorkflow", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    // A restarted process shares the stores but knows no workflows yet.
    const restarted = createHITLOrchestrator({ approvalStore, workflowStateStore });
    const first = await restarted.grantApproval("approve:manager", { by: "mia" });
    expect(first).toMatchObject({ resumedWorkflows: [], waitingWorkflows: ["r"] });
    restarted.registerWorkflow("orders", order.factory, order.body);
    expect((await restarted.resume("r", order.factory, order.body)).status).toBe("paused");
    const restartedAgain = createHITLOrchestrator({ approvalStore, workflowStateStore });
    restartedAgain.registerWorkflow("orders", order.factory, order.body);
    const second = await restartedAgain.grantApproval("approve:finance", { by: "fin" });
    expect(second.resumedWorkflows).toEqual(["r"]);
    expect(second.results[0]).toMatchObject({ status: "resumed", result: { ok: true } });
  });

  it("waits for every approval of a run before resuming it", async () => {
    const order = createOrderWorkflow(approvalStore);
    // Both gates pending in one pause: the body asks both approvals up front.
    const both = async (step: Parameters<typeof order.body>[0], d: typeof order.deps) => {
      const [m, f] = await Promise.all([
        step(d.managerGate, { key: "approve:manager" }),
        step(d.financeGate, { key: "approve:finance" }),
      ]);
      return [m.by, f.by];
    };
    const paused = await hitl.execute("orders", order.factory, both, input, { runId: "r" });
    expect(paused.status === "paused" && paused.pendingApprovals.sort()).toEqual([
      "approve:finance",
      "approve:manager",
    ]);
    const first = await hitl.grantApproval("approve:manager", { by: "mia" });
    expect(first).toMatchObject({ resumedWorkflows: [], waitingWorkflows: ["r"] });
    const second = await hitl.grantApproval("approve:finance", { by: "fin" });
    expect(second.results[0]).toMatchObject({
      status: "resumed",
      result: { ok: true, value: ["mia", "fin"] },
    });
  });

  it("rejects with ApprovalStateError for an unknown key and resumes nothing", async () => {
    const error = await hitl.grantApproval("approve:ghost", 1).catch((e: unknown) => e);
    expect(isApprovalStateError(error) && error.code).toBe("NOT_FOUND");
  });

  it("decides once and resumes once when two grants of the same key race", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const outcomes = await Promise.allSettled([
      hitl.grantApproval("approve:manager", { by: "a" }),
      hitl.grantApproval("approve:manager", { by: "b" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(order.calls.charge).toBe(1);
    expect(await approvalStore.getApproval("approve:manager")).toMatchObject({
      value: { by: "a" },
    });
  });

  it("runs the workflow once when a resume races the grant's auto-resume", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const granting = hitl.grantApproval("approve:manager", { by: "mia" });
    const resuming = (async () => {
      // Let the grant be recorded, then resume while the auto-resume is still running.
      await Promise.resolve();
      return hitl.resume("r", order.factory, order.body);
    })();
    const [granted, resumed] = await Promise.all([granting, resuming]);
    expect(order.calls.charge).toBe(1);
    expect(granted.resumedWorkflows).toEqual(["r"]);
    expect(resumed).toEqual(granted.results[0]);
  });

  it("still resumes the run when the grant lands while a resume is reading stale approvals", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    // A store whose reads arrive 10 ms late: the racing resume sees "pending" after the grant.
    const memory = approvalStore;
    const laggy: ApprovalStore = {
      ...memory,
      getApproval: async (key) => {
        const status = await memory.getApproval(key);
        await new Promise((r) => setTimeout(r, 10));
        return status;
      },
    };
    const racing = createHITLOrchestrator({ approvalStore: laggy, workflowStateStore });
    racing.registerWorkflow("orders", order.factory, order.body);
    const resuming = racing.resume("r", order.factory, order.body);
    await vi.advanceTimersByTimeAsync(5);
    const granting = racing.grantApproval("approve:manager", { by: "mia" });
    await vi.advanceTimersByTimeAsync(100);
    const [resumed, granted] = await Promise.all([resuming, granting]);
    expect(resumed).toEqual({
      status: "paused",
      runId: "r",
      pendingApprovals: ["approve:manager"],
    });
    expect(granted.resumedWorkflows).toEqual(["r"]);
    expect(granted.results[0]).toMatchObject({
      status: "paused",
      pendingApprovals: ["approve:finance"],
    });
    expect(order.calls.charge).toBe(1);
  });
});

describe("rejectApproval", () => {
  it("ends the waiting runs with ApprovalRejected", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    const rejected = await hitl.rejectApproval("approve:manager", "no budget", {
      rejectedBy: "bob",
    });
    expect(rejected).toMatchObject({ rejectedAt: 1_000_000, resumedWorkflows: ["r"] });
    expect(rejected.results[0]).toEqual({
      status: "resumed",
      runId: "r",
      result: {
        ok: false,
        error: { type: "APPROVAL_REJECTED", stepKey: "approve:manager", reason: "no budget" },
      },
    });
    expect(logs).toContain("Approval approve:manager rejected: no budget");
    expect(await approvalStore.getApproval("approve:manager")).toMatchObject({ rejectedBy: "bob" });
  });
});

describe("resumeWaiting", () => {
  it("resumes registered runs after a decision made directly in the store", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await approvalStore.grantApproval("approve:manager", { by: "mia" });
    const outcome = await hitl.resumeWaiting("approve:manager");
    expect(outcome).toMatchObject({ resumedWorkflows: ["r"], waitingWorkflows: [] });
    expect(order.calls.charge).toBe(1);
    expect(await hitl.resumeWaiting("approve:nothing")).toEqual({
      resumedWorkflows: [],
      waitingWorkflows: [],
      results: [],
    });
  });

  it("reports a run as waiting and logs when its resume fails", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "r" });
    await approvalStore.grantApproval("approve:manager", { by: "mia" });
    const broken = createHITLOrchestrator({
      approvalStore,
      workflowStateStore: {
        ...workflowStateStore,
        save: async () => {
          throw new Error("disk full");
        },
      },
      logger: (m) => logs.push(m),
    });
    broken.registerWorkflow("orders", order.factory, order.body);
    expect(await broken.resumeWaiting("approve:manager")).toMatchObject({
      resumedWorkflows: [],
      waitingWorkflows: ["r"],
    });
    expect(logs.at(-1)).toBe("Auto-resume of r failed: disk full");
  });
});

describe("cleanup", () => {
  it("removes old states without pending approvals and keeps paused runs however old", async () => {
    const order = createOrderWorkflow(approvalStore);
    await hitl.execute("orders", order.factory, order.body, input, { runId: "paused" });
    await workflowStateStore.save({
      runId: "done",
      workflowName: "orders",
      resumeState: { steps: new Map() },
      pendingApprovals: [],
      startedAt: 0,
      updatedAt: 0,
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await hitl.cleanup(60_000)).toBe(0);
    expect(await hitl.cleanup(5_000)).toBe(1);
    expect(await workflowStateStore.list()).toEqual(["paused"]);
    expect(logs.at(-1)).toBe("Cleaned up 1 old workflow states");
    await expect(hitl.cleanup(-1)).rejects.toThrow(RangeError);
  });
});

describe("with KeyValueStore-backed stores", () => {
  it("pauses, survives a process restart and resumes from JSON state", async () => {
    const kv = createMemoryKV();
    const makeHitl = () =>
      createHITLOrchestrator({
        approvalStore: createKVApprovalStore(kv),
        workflowStateStore: createKVWorkflowStateStore(kv),
      });
    const first = makeHitl();
    const order = createOrderWorkflow(createKVApprovalStore(kv));
    expect(
      (await first.execute("orders", order.factory, order.body, input, { runId: "r" })).status,
    ).toBe("paused");
    expect([...kv.raw.keys()].sort()).toEqual([
      "awaitly:approval:approve:manager",
      "awaitly:hitl-run:r",
    ]);

    const second = makeHitl();
    second.registerWorkflow("orders", order.factory, order.body);
    const a = await second.grantApproval("approve:manager", { by: "mia" });
    expect(a.results[0]).toMatchObject({ status: "paused", pendingApprovals: ["approve:finance"] });
    const b = await second.grantApproval("approve:finance", { by: "fin" });
    expect(b.results[0]).toMatchObject({
      status: "resumed",
      result: { ok: true, value: { approvers: ["mia", "fin"] } },
    });
    expect(order.calls).toEqual({ reserve: 1, charge: 1, ship: 1 });
    expect(await kv.keys("awaitly:hitl-run:*")).toEqual([]);
  });
});
