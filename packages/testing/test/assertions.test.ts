import { describe, expect, it } from "vitest";
import { err, ok } from "@awaitly/core";
import { createWorkflowHarness, type MockStep } from "@awaitly/testing";
import { charge, checkoutBody, fetchUser } from "./fixtures";

describe("WorkflowHarness assertions", () => {
  it("assertSteps passes on the exact order and never throws on a mismatch", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    await harness.run(checkoutBody);
    expect(harness.assertSteps(["fetch user", "charge"])).toEqual({
      passed: true,
      message: "Steps invoked in order: fetch user, charge",
      expected: ["fetch user", "charge"],
      actual: ["fetch user", "charge"],
    });
    expect(harness.assertSteps(["charge"])).toEqual({
      passed: false,
      message: "Expected steps [charge] but got [fetch user, charge]",
      expected: ["charge"],
      actual: ["fetch user", "charge"],
    });
  });

  it("assertSteps uses the key of a step without a name and skips unnamed steps", async () => {
    const harness = createWorkflowHarness({});
    await harness.run(async (step: MockStep<unknown>) => {
      await step(() => ok(1));
      await step(() => ok(2), { key: "k" });
    });
    expect(harness.assertSteps(["k"]).passed).toBe(true);
  });

  it('assertSteps keeps a step literally named "unnamed" (1.0.0 dropped it)', async () => {
    const harness = createWorkflowHarness({});
    await harness.run(async (step: MockStep<unknown>) => step(() => ok(1), "unnamed"));
    expect(harness.assertSteps(["unnamed"]).passed).toBe(true);
  });

  it("assertStepCalled / assertStepNotCalled match a name or a key", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    await harness.run(checkoutBody);
    expect(harness.assertStepCalled("charge:1")).toEqual({
      passed: true,
      message: 'Step "charge:1" was invoked',
      expected: "charge:1",
      actual: true,
    });
    expect(harness.assertStepCalled("refund")).toEqual({
      passed: false,
      message: 'Step "refund" was NOT invoked',
      expected: "refund",
      actual: false,
    });
    expect(harness.assertStepNotCalled("refund")).toEqual({
      passed: true,
      message: 'Step "refund" was correctly NOT invoked',
      expected: "not called",
      actual: "not called",
    });
    expect(harness.assertStepNotCalled("charge")).toEqual({
      passed: false,
      message: 'Step "charge" was invoked but should not have been',
      expected: "not called",
      actual: "called",
    });
  });

  it("assertResult compares ok-ness and payloads, returning both objects", () => {
    const harness = createWorkflowHarness({});
    const actual = ok({ a: 1 });
    const expected = ok({ a: 1 });
    expect(harness.assertResult(actual, expected)).toEqual({
      passed: true,
      message: "Result matches expected",
      expected,
      actual,
    });
    expect(harness.assertResult(ok(1), ok(2))).toMatchObject({
      passed: false,
      message: "Result does not match expected",
    });
    expect(harness.assertResult(ok("E"), err("E")).passed).toBe(false);
  });

  it("assertResult compares structurally, not through JSON.stringify (1.0.0)", () => {
    const harness = createWorkflowHarness({});
    // Key order does not matter.
    expect(harness.assertResult(ok({ a: 1, b: 2 }), ok({ b: 2, a: 1 })).passed).toBe(true);
    // Different errors are different (JSON turned every Error into {}).
    expect(harness.assertResult(err(new Error("a")), err(new Error("b"))).passed).toBe(false);
    expect(harness.assertResult(err(new TypeError("a")), err(new RangeError("a"))).passed).toBe(
      false,
    );
    expect(harness.assertResult(err(new Error("a")), err(new Error("a"))).passed).toBe(true);
    // Maps, Sets and undefined-valued keys count.
    expect(harness.assertResult(ok(new Map([[1, "a"]])), ok(new Map([[1, "b"]]))).passed).toBe(
      false,
    );
    expect(harness.assertResult(ok(new Set([1])), ok(new Set([2]))).passed).toBe(false);
    expect(harness.assertResult(ok({ a: undefined }), ok({})).passed).toBe(false);
    expect(harness.assertResult(ok(new Date(1)), ok(new Date(2))).passed).toBe(false);
    expect(harness.assertResult(ok([1, [2, { c: 3 }]]), ok([1, [2, { c: 3 }]])).passed).toBe(true);
    // Cycles do not overflow.
    const a: { self?: unknown } = {};
    a.self = a;
    const b: { self?: unknown } = {};
    b.self = b;
    expect(harness.assertResult(ok(a), ok(b)).passed).toBe(true);
  });
});
