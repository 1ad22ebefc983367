import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import {
  compareSnapshots,
  createSnapshot,
  createTestClock,
  createWorkflowHarness,
  errOutcome,
  throwOutcome,
  type StepInvocation,
} from "@awaitly/testing";
import { charge, checkoutBody, fetchUser } from "./fixtures";

const invocation = (over: Partial<StepInvocation>): StepInvocation => ({
  order: 0,
  timestamp: 5,
  ...over,
});

describe("createSnapshot", () => {
  it("zeroes timestamps, sums the original durations and keeps the result by reference", async () => {
    const clock = createTestClock(100);
    const slow = async (): AsyncResult<number, never> => {
      clock.advance(5);
      return ok(1);
    };
    const harness = createWorkflowHarness({ slow }, { clock: clock.now });
    const result = await harness.run(async (step, deps) => {
      await step(() => deps.slow(), "a");
      return step(() => deps.slow(), "b");
    });
    const invocations = harness.getInvocations();
    const snapshot = createSnapshot(invocations, result);
    expect(snapshot.durationMs).toBe(10);
    expect(snapshot.invocations.map((i) => i.timestamp)).toEqual([0, 0]);
    expect(invocations.map((i) => i.timestamp)).toEqual([100, 105]);
    expect(snapshot.result).toBe(result);
    expect(snapshot.invocations[0]?.result).toBe(invocations[0]?.result);
    expect(snapshot).toHaveProperty("events", undefined);
  });

  it("zeroes the ts of real workflow events", async () => {
    const events: WorkflowEvent<unknown>[] = [];
    const workflow = createWorkflow({ fetchUser, charge }, { onEvent: (e) => void events.push(e) });
    const result = await workflow(checkoutBody);
    const snapshot = createSnapshot([], result, events);
    expect(events.length).toBeGreaterThan(2);
    expect(snapshot.events?.every((e) => e.ts === 0)).toBe(true);
    expect(snapshot.events?.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(events.some((e) => e.ts !== 0)).toBe(true);
  });
});

describe("compareSnapshots", () => {
  it("reports equal for the same run twice, ignoring times, values and order", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    const a = createSnapshot(harness.getInvocations(), ok("unused"));
    const first = await harness.run(checkoutBody);
    const snapshotA = createSnapshot(harness.getInvocations(), first);
    harness.reset();
    const second = await harness.run(checkoutBody);
    const b = createSnapshot(harness.getInvocations(), second);
    expect(a.invocations).toEqual([]);
    expect(compareSnapshots(snapshotA, b)).toEqual({ equal: true, differences: [] });
    expect(
      compareSnapshots(
        createSnapshot([invocation({ name: "a", result: ok(1) })], ok(1)),
        createSnapshot([invocation({ name: "a", order: 9, result: ok(2) })], ok(3)),
      ).equal,
    ).toBe(true);
  });

  it("lists count, name, key, step and final outcome differences in order", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    const goodResult = await harness.run(checkoutBody);
    const good = createSnapshot(harness.getInvocations(), goodResult);
    harness.reset();
    harness.scriptStep("fetch user", errOutcome("NOT_FOUND"));
    const badResult = await harness.run(checkoutBody);
    const bad = createSnapshot(harness.getInvocations(), badResult);
    expect(compareSnapshots(good, bad).differences).toEqual([
      "Invocation count: 2 vs 1",
      "Step 0 result: ok vs err",
      "Step 1: missing in second snapshot",
      "Final result: ok vs err",
    ]);
    expect(compareSnapshots(bad, good).differences[2]).toBe("Step 1: missing in first snapshot");
    expect(
      compareSnapshots(
        createSnapshot([invocation({ name: "a", key: "k1" })], ok(1)),
        createSnapshot([invocation({ key: "k2" })], ok(1)),
      ).differences,
    ).toEqual(['Step 0 name: "a" vs "undefined"', 'Step 0 key: "k1" vs "k2"']);
  });

  it('tells a step that threw from one that returned an Err (1.0.0 printed "err vs err")', async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("fetch user", throwOutcome(new Error("boom")));
    const threwResult = await harness.run(checkoutBody);
    const threw = createSnapshot(harness.getInvocations(), threwResult);
    harness.reset();
    harness.scriptStep("fetch user", errOutcome("NOT_FOUND"));
    const failedResult = await harness.run(checkoutBody);
    const failed = createSnapshot(harness.getInvocations(), failedResult);
    expect(compareSnapshots(threw, failed).differences).toEqual([
      "Step 0 result: no result vs err",
    ]);
    expect(compareSnapshots(threw, threw).equal).toBe(true);
    expect(threw.result).toEqual(err({ type: "UNEXPECTED_ERROR", cause: new Error("boom") }));
  });
});
