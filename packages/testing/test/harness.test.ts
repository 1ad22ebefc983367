import { describe, expect, it } from "vitest";
import { err, ok, type AsyncResult } from "@awaitly/core";
import {
  createTestClock,
  createWorkflowHarness,
  throwOutcome,
  type MockStep,
} from "@awaitly/testing";
import { charge, checkoutBody, fetchUser } from "./fixtures";

describe("createWorkflowHarness", () => {
  it("runs real operations when nothing is scripted and records live invocations", async () => {
    const clock = createTestClock(1000);
    const harness = createWorkflowHarness({ fetchUser, charge }, { clock: clock.now });
    expect(await harness.run(checkoutBody)).toEqual(ok("ch_2"));
    const [first, second] = harness.getInvocations();
    expect(first).toEqual({
      name: "fetch user",
      key: undefined,
      order: 0,
      timestamp: 1000,
      durationMs: 0,
      result: ok({ id: "u1" }),
    });
    expect(second).toEqual({
      name: "charge",
      key: "charge:1",
      order: 1,
      timestamp: 1000,
      durationMs: 0,
      result: ok("ch_2"),
    });
  });

  it("records a step before it runs and fills the same record in when it settles", async () => {
    const harness = createWorkflowHarness({});
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = harness.run(async (step) =>
      step(async () => {
        await gate;
        return ok(1);
      }, "slow"),
    );
    await Promise.resolve();
    const [record] = harness.getInvocations();
    expect(record).toEqual({
      name: "slow",
      key: undefined,
      order: 0,
      timestamp: expect.any(Number),
    });
    release();
    await pending;
    expect(record).toMatchObject({ durationMs: expect.any(Number), result: ok(1) });
    expect(harness.getInvocations()[0]).toBe(record);
    expect(harness.getInvocations()).not.toBe(harness.getInvocations());
  });

  it("unwraps a direct Result or Result promise", async () => {
    const harness = createWorkflowHarness({ fetchUser });
    const result = await harness.run(async (step, deps) => {
      const a = await step(ok(1));
      const b = await step(deps.fetchUser("u2"), "direct");
      return [a, b.id];
    });
    expect(result).toEqual(ok([1, "u2"]));
  });

  it("keeps a real Err's cause on the record but not on the run's result", async () => {
    const failing = (): AsyncResult<never, "E"> => Promise.resolve(err("E", { cause: "why" }));
    const harness = createWorkflowHarness({ failing });
    const result = await harness.run(async (step, deps) => step(() => deps.failing(), "f"));
    expect(result).toEqual(err("E"));
    expect(result).not.toHaveProperty("cause");
    expect(harness.getInvocations()[0]?.result).toEqual(err("E", { cause: "why" }));
  });

  it("turns thrown outcomes, throwing operations and body bugs into UNEXPECTED_ERROR with the raw cause", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    const boom = new Error("boom");
    harness.scriptStep("fetch user", throwOutcome(boom));
    expect(await harness.run(checkoutBody)).toEqual(err({ type: "UNEXPECTED_ERROR", cause: boom }));
    expect(harness.getInvocations()[0]).not.toHaveProperty("result");

    harness.reset();
    const thrown = await harness.run(async (step) =>
      step(() => {
        throw boom;
      }),
    );
    expect(thrown).toEqual(err({ type: "UNEXPECTED_ERROR", cause: boom }));
    expect(harness.getInvocations()[0]).not.toHaveProperty("durationMs");

    const bug = await harness.run(async (step) => {
      // @ts-expect-error the mock step has no retry: calling it is a TypeError in the body
      await step.retry(() => ok(1), { attempts: 2 });
    });
    expect(bug).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: expect.any(TypeError) },
    });
  });

  it("maps step.try throws with error or onError, and propagates a throwing onError", async () => {
    const harness = createWorkflowHarness({});
    const fixed = await harness.run(async (step: MockStep<unknown>) =>
      step.try(() => JSON.parse("{") as unknown, { error: "PARSE", name: "parse" }),
    );
    expect(fixed).toEqual(err("PARSE"));
    const mapped = await harness.run(async (step: MockStep<unknown>) =>
      step.try(() => Promise.reject(new Error("down")), {
        onError: (cause) => `MAPPED:${(cause as Error).message}`,
        key: "k",
      }),
    );
    expect(mapped).toEqual(err("MAPPED:down"));
    expect(harness.getInvocations().map((i) => i.result)).toEqual([
      err("PARSE"),
      err("MAPPED:down"),
    ]);
    const value = await harness.run(async (step: MockStep<unknown>) =>
      step.try(() => 7, { error: "X" }),
    );
    expect(value).toEqual(ok(7));
    const mapperBug = new Error("mapper bug");
    const broken = await harness.run(async (step: MockStep<unknown>) =>
      step.try(
        () => {
          throw new Error("x");
        },
        {
          onError: () => {
            throw mapperBug;
          },
        },
      ),
    );
    expect(broken).toEqual(err({ type: "UNEXPECTED_ERROR", cause: mapperBug }));
  });

  it("passes the input to runWithInput bodies and deps through untouched", async () => {
    const deps = { fetchUser };
    const harness = createWorkflowHarness(deps);
    const result = await harness.runWithInput({ id: "u9" }, async (step, d, input) => {
      expect(d).toBe(deps);
      return (await step(() => d.fetchUser(input.id), "fetch")).id;
    });
    expect(result).toEqual(ok("u9"));
  });

  it("lets the body catch a step failure and continue", async () => {
    const harness = createWorkflowHarness({});
    const result = await harness.run(async (step: MockStep<unknown>) => {
      try {
        await step(() => err("E"), "first");
      } catch {
        return step(() => ok("recovered"), "second");
      }
      return "unreachable";
    });
    expect(result).toEqual(ok("recovered"));
  });

  it("accumulates invocations and order across runs until reset", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge });
    await harness.run(checkoutBody);
    await harness.run(checkoutBody);
    expect(harness.getInvocations().map((i) => i.order)).toEqual([0, 1, 2, 3]);
    harness.reset();
    expect(harness.getInvocations()).toEqual([]);
    await harness.run(checkoutBody);
    expect(harness.getInvocations().map((i) => i.order)).toEqual([0, 1]);
  });

  it("records nothing with recordInvocations: false", async () => {
    const harness = createWorkflowHarness({ fetchUser, charge }, { recordInvocations: false });
    expect(await harness.run(checkoutBody)).toEqual(ok("ch_2"));
    expect(harness.getInvocations()).toEqual([]);
    expect(harness.assertStepCalled("charge").passed).toBe(false);
  });

  it("throws a TypeError naming a bad deps object or option", () => {
    expect(() => createWorkflowHarness(null as never)).toThrow(
      "createWorkflowHarness: deps must be an object, got object null",
    );
    expect(() => createWorkflowHarness({}, { recordInvocations: "yes" } as never)).toThrow(
      'createWorkflowHarness: options.recordInvocations must be a boolean, got "yes"',
    );
    expect(() => createWorkflowHarness({}, { clock: 5 } as never)).toThrow(
      "createWorkflowHarness: options.clock must be a function returning milliseconds, got number 5",
    );
  });
});
