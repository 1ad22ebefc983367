import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import { createApprovalStep, isPendingApproval } from "@awaitly/hitl";
import { runSaga } from "@awaitly/saga";
import {
  compareSnapshots,
  createMockFn,
  createSnapshot,
  createTestClock,
  createWorkflowHarness,
  errOutcome,
  okOutcome,
  throwOutcome,
  type MockStep,
} from "@awaitly/testing";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> => ok({ id });
const charge = async (cents: number): AsyncResult<string, "DECLINED"> => ok(`ch_${cents}`);
type E = "NOT_FOUND" | "DECLINED";
const body = async (
  step: MockStep<E>,
  deps: { fetchUser: typeof fetchUser; charge: typeof charge },
) => {
  const user = await step(() => deps.fetchUser("u1"), "fetch user");
  return step(() => deps.charge(user.id.length), { name: "charge", key: "charge:1" });
};

describe("createWorkflowHarness", () => {
  it("runs real operations when nothing is scripted and records invocations", async () => {
    const clock = createTestClock(1000);
    const harness = createWorkflowHarness({ fetchUser, charge }, { clock: clock.now });
    expect(await harness.run(body)).toEqual(ok("ch_2"));
    const [first, second] = harness.getInvocations();
    expect(first).toEqual({
      name: "fetch user",
      key: undefined,
      order: 0,
      timestamp: 1000,
      durationMs: 0,
      result: ok({ id: "u1" }),
    });
    expect(second).toMatchObject({ name: "charge", key: "charge:1", order: 1 });
    expect(harness.assertSteps(["fetch user", "charge"])).toEqual({
      passed: true,
      message: "Steps invoked in order: fetch user, charge",
      expected: ["fetch user", "charge"],
      actual: ["fetch user", "charge"],
    });
  });

  it("scripts by order and by name; named outcomes win and are not consumed", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.script([okOutcome({ id: "scripted" }), okOutcome("never used")]);
    harness.scriptStep("charge", errOutcome("DECLINED"));
    expect(await harness.run(body)).toEqual(err("DECLINED"));
    expect(await harness.run(body)).toEqual(err("DECLINED"));
    expect(harness.getInvocations().map((i) => i.result)).toEqual([
      ok({ id: "scripted" }),
      err("DECLINED"),
      ok("never used"),
      err("DECLINED"),
    ]);
    harness.script([]);
    expect(await harness.run(body)).toEqual(ok("ch_2"));
  });

  it("turns thrown outcomes and exceptions into UNEXPECTED_ERROR with the raw cause", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    const boom = new Error("boom");
    harness.scriptStep("fetch user", throwOutcome(boom));
    expect(await harness.run(body)).toEqual(err({ type: "UNEXPECTED_ERROR", cause: boom }));
    expect(harness.getInvocations()[0]).not.toHaveProperty("result");
  });

  it("supports step.try and runWithInput", async () => {
    const harness = createWorkflowHarness({ fetchUser });
    const result = await harness.runWithInput("{bad json", async (step, _deps, input) =>
      step.try(() => JSON.parse(input) as unknown, { error: "PARSE" as never, name: "parse" }),
    );
    expect(result).toEqual(err("PARSE"));
    expect(harness.assertStepCalled("parse").passed).toBe(true);
    expect(harness.assertStepNotCalled("render")).toMatchObject({
      passed: true,
      actual: "not called",
    });
  });

  it("reports failing assertions without throwing", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    await harness.run(body);
    expect(harness.assertSteps(["charge"])).toMatchObject({
      passed: false,
      message: "Expected steps [charge] but got [fetch user, charge]",
    });
    expect(harness.assertResult(ok(1), ok(2))).toMatchObject({
      passed: false,
      message: "Result does not match expected",
    });
    harness.reset();
    expect(harness.getInvocations()).toEqual([]);
  });

  it("drives a saga body: a scripted failure rolls back the completed steps", async () => {
    const undone: string[] = [];
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("charge", errOutcome("DECLINED"));
    const result = await harness.run(async (step, deps) =>
      runSaga<string, E>(async (saga) => {
        const user = await saga.step(
          async () => ok(await step(() => deps.fetchUser("u1"), "fetch user")),
          {
            compensate: (u) => void undone.push(u.id),
          },
        );
        return saga.step(async () => ok(await step(() => deps.charge(user.id.length), "charge")));
      }),
    );
    expect(result).toEqual(ok(err("DECLINED")));
    expect(undone).toEqual(["u1"]);
    expect(harness.assertSteps(["fetch user", "charge"]).passed).toBe(true);
  });

  it("scripts a human-approval gate as pending, then approved", async () => {
    const gate = createApprovalStep<{ by: string }>({
      key: "approval:1",
      checkApproval: async () => ({ status: "pending" }),
    });
    const harness = createWorkflowHarness({ gate });
    const approvalBody = async (step: MockStep<unknown>, deps: { gate: typeof gate }) =>
      (await step(() => deps.gate(), "approval")).by;
    const pending = await harness.run(approvalBody);
    expect(!pending.ok && isPendingApproval(pending.error)).toBe(true);
    harness.scriptStep("approval", okOutcome({ by: "manager" }));
    expect(await harness.run(approvalBody)).toEqual(ok("manager"));
  });
});

describe("createMockFn", () => {
  it("returns queued results first, then the default, and records calls", async () => {
    const mock = createMockFn<number, "E">().returns(ok(0)).returnsOnce(err("E"));
    expect(await mock("a", 1)).toEqual(err("E"));
    expect(await mock()).toEqual(ok(0));
    expect(mock.getCalls()).toEqual([["a", 1], []]);
    expect(mock.getCallCount()).toBe(2);
    mock.reset();
    expect(() => mock()).toThrow("Mock function called without configured return value");
    expect(mock.getCallCount()).toBe(1);
  });

  it("works as a real workflow dependency", async () => {
    const load = createMockFn<string, "MISSING">().returns(ok("loaded"));
    const workflow = createWorkflow({ load });
    expect(await workflow(async (step, deps) => step(() => deps.load("x")))).toEqual(ok("loaded"));
    expect(load.getCalls()).toEqual([["x"]]);
  });
});

describe("snapshots and clock", () => {
  it("zero timestamps, sum durations and compare structure", async () => {
    const clock = createTestClock();
    const slow = async (): AsyncResult<number, never> => {
      clock.advance(5);
      return ok(1);
    };
    const harness = createWorkflowHarness({ slow }, { clock: clock.now });
    const r1 = await harness.run(async (step, deps) => step(() => deps.slow(), "slow"));
    const a = createSnapshot(harness.getInvocations(), r1, [
      { type: "workflow_start", workflowId: "w", ts: 99 },
    ]);
    expect(a).toMatchObject({ durationMs: 5, events: [{ ts: 0 }] });
    expect(a.invocations[0]?.timestamp).toBe(0);
    harness.reset();
    harness.script([errOutcome("X")]);
    const r2 = await harness.run(async (step, deps) => step(() => deps.slow(), "fast"));
    const b = createSnapshot(harness.getInvocations(), r2);
    expect(compareSnapshots(a, a)).toEqual({ equal: true, differences: [] });
    expect(compareSnapshots(a, b).differences).toEqual([
      'Step 0 name: "slow" vs "fast"',
      "Step 0 result: ok vs err",
      "Final result: ok vs err",
    ]);
    clock.set(50);
    expect(clock.now()).toBe(50);
    clock.reset();
    expect(clock.now()).toBe(0);
  });
});
