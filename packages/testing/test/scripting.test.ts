import { describe, expect, it } from "vitest";
import { err, ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowHarness,
  errOutcome,
  okOutcome,
  throwOutcome,
  type MockStep,
  type ScriptedOutcome,
} from "@awaitly/testing";
import { charge, checkoutBody, fetchUser } from "./fixtures";

describe("WorkflowHarness.script / scriptStep", () => {
  it("scripts by order and by name; named outcomes win and are not consumed", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.script([okOutcome({ id: "scripted" }), okOutcome("never used")]);
    harness.scriptStep("charge", errOutcome("DECLINED"));
    expect(await harness.run(checkoutBody)).toEqual(err("DECLINED"));
    expect(await harness.run(checkoutBody)).toEqual(err("DECLINED"));
    expect(harness.getInvocations().map((i) => i.result)).toEqual([
      ok({ id: "scripted" }),
      err("DECLINED"),
      ok("never used"),
      err("DECLINED"),
    ]);
  });

  it("follows the spec's ordering example: a named outcome does not advance the sequence", async () => {
    const calls: string[] = [];
    const real = (name: string) => () => {
      calls.push(name);
      return ok(`real ${name}`);
    };
    const harness = createWorkflowHarness({});
    harness.script([okOutcome("A"), okOutcome("B")]);
    harness.scriptStep("x", okOutcome("X"));
    const result = await harness.run(async (step: MockStep<unknown>) => [
      await step(real("f"), "x"),
      await step(real("g")),
      await step(real("h"), "y"),
      await step(real("k")),
    ]);
    expect(result).toEqual(ok(["X", "A", "B", "real k"]));
    expect(calls).toEqual(["k"]);
  });

  it("stops the run at a named err outcome", async () => {
    const harness = createWorkflowHarness({});
    harness.script([okOutcome("A")]);
    harness.scriptStep("x", errOutcome("X"));
    const result = await harness.run(async (step: MockStep<unknown>) => {
      await step(() => ok(1), "x");
      return step(() => ok(2));
    });
    expect(result).toEqual(err("X"));
    expect(harness.getInvocations()).toHaveLength(1);
  });

  it("clears named outcomes on script() but keeps invocations", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("charge", errOutcome("DECLINED"));
    await harness.run(checkoutBody);
    harness.script([]);
    expect(await harness.run(checkoutBody)).toEqual(ok("ch_2"));
    expect(harness.getInvocations()).toHaveLength(4);
  });

  it("continues the sequence across runs until script() or reset()", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.script([okOutcome({ id: "a" }), okOutcome("one"), okOutcome({ id: "bb" })]);
    expect(await harness.run(checkoutBody)).toEqual(ok("one"));
    expect(await harness.run(checkoutBody)).toEqual(ok("ch_2"));
    harness.reset();
    expect(await harness.run(checkoutBody)).toEqual(ok("ch_2"));
  });

  it("never calls a scripted operation, for step and step.try", async () => {
    let called = 0;
    const harness = createWorkflowHarness({});
    harness.scriptStep("op", okOutcome(1));
    harness.scriptStep("try", throwOutcome(new Error("scripted")));
    const result = await harness.run(async (step: MockStep<unknown>) => {
      await step(() => {
        called++;
        return ok(0);
      }, "op");
      return step.try(() => called++, { error: "E", name: "try" });
    });
    expect(called).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
  });

  it("scripts a step by its key even when it also has a name (1.0.0 only tried name ?? key)", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("charge:1", errOutcome("DECLINED"));
    expect(await harness.run(checkoutBody)).toEqual(err("DECLINED"));
  });

  it("prefers a step's name over its key when both are scripted", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("charge:1", errOutcome("DECLINED"));
    harness.scriptStep("charge", okOutcome("by name"));
    expect(await harness.run(checkoutBody)).toEqual(ok("by name"));
  });

  it("does not leave an ignored direct Result promise rejecting unobserved (1.0.0 did)", async () => {
    const flaky = (): AsyncResult<number, "E"> => Promise.reject(new Error("network down"));
    const harness = createWorkflowHarness({ flaky });
    harness.scriptStep("flaky", okOutcome(5));
    // Vitest fails the file on an unhandled rejection, so this test catches the 1.0.0 leak.
    expect(await harness.run(async (step, deps) => step(deps.flaky(), "flaky"))).toEqual(ok(5));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it("rejects outcomes the harness would not understand with a TypeError", () => {
    const harness = createWorkflowHarness({});
    expect(() => harness.script([{ type: "skip" } as unknown as ScriptedOutcome])).toThrow(
      'script: outcomes[0]: an outcome must be { type: "ok" | "err" | "throw", ... } (use okOutcome, errOutcome or throwOutcome), got type "skip"',
    );
    expect(() => harness.scriptStep("x", null as never)).toThrow(TypeError);
    expect(() => harness.scriptStep("", okOutcome(1))).toThrow(
      'scriptStep: nameOrKey must be a non-empty string, got ""',
    );
    expect(() => harness.script("ok" as never)).toThrow(TypeError);
  });
});

describe("okOutcome / errOutcome / throwOutcome", () => {
  it("build fresh outcome objects", () => {
    expect(okOutcome(1)).toEqual({ type: "ok", value: 1 });
    expect(errOutcome("E")).toEqual({ type: "err", error: "E" });
    const boom = new Error("x");
    expect(throwOutcome(boom)).toEqual({ type: "throw", error: boom });
    expect(okOutcome(1)).not.toBe(okOutcome(1));
  });
});
