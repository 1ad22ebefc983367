import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  isCancelledError,
  ok,
  run,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

const never = (): AsyncResult<number, never> => new Promise(() => {});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("run with a signal", () => {
  it("resolves to CancelledError without running the body when already aborted", async () => {
    const controller = new AbortController();
    controller.abort("shutdown");
    const body = vi.fn(async () => 1);
    const result = await run(body, { signal: controller.signal });
    expect(result).toEqual({
      ok: false,
      error: { type: "CANCELLED", reason: "shutdown" },
      cause: "shutdown",
    });
    expect(body).not.toHaveBeenCalled();
  });

  it("passes the signal to the running step and starts no step after the abort", async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const later = vi.fn(async () => ok(2));
    const pending = run(
      async (step) => {
        await step((signal) => {
          seen.push(signal);
          return never();
        });
        return step(later);
      },
      { signal: controller.signal },
    );
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort("user left");
    const result = await pending;
    expect(isCancelledError(!result.ok && result.error)).toBe(true);
    expect(seen).toEqual([controller.signal]);
    expect(seen[0]?.aborted).toBe(true);
    expect(later).not.toHaveBeenCalled();
  });

  it("passes nothing to step functions when the run has no signal", async () => {
    const lengths: number[] = [];
    await run(async (step) => {
      await step((...args: unknown[]) => (lengths.push(args.length), ok(1)));
      await step.try((...args: unknown[]) => lengths.push(args.length), { error: "X" as const });
    });
    expect(lengths).toEqual([0, 0]);
  });

  it("stops a retry wait at the abort and clears its timer", async () => {
    const controller = new AbortController();
    const op = vi.fn(async () => err("BUSY" as const));
    const pending = run(
      async (step) => step.retry(op, { attempts: 5, initialDelay: 10_000, jitter: false }),
      { signal: controller.signal, onError: () => {} },
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(op).toHaveBeenCalledTimes(1);
    controller.abort();
    const result = await pending;
    expect(!result.ok && result.error).toMatchObject({ type: "CANCELLED" });
    expect(vi.getTimerCount()).toBe(0);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("stops a timeout wait, aborting the attempt's own signal and clearing the timer", async () => {
    const controller = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const pending = run(
      async (step) =>
        step.withTimeout(
          (signal) => {
            attemptSignal = signal;
            return never();
          },
          { ms: 60_000, signal: true },
        ),
      { signal: controller.signal },
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort("stop");
    expect(await pending).toMatchObject({
      ok: false,
      error: { type: "CANCELLED", reason: "stop" },
    });
    expect(attemptSignal?.aborted).toBe(true);
    expect(attemptSignal).not.toBe(controller.signal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives a timed step without signal: true the run's signal", async () => {
    const controller = new AbortController();
    let received: AbortSignal | undefined;
    const result = await run(
      async (step) => step.withTimeout((signal) => ((received = signal), ok(1)), { ms: 1000 }),
      { signal: controller.signal },
    );
    expect(result).toEqual({ ok: true, value: 1 });
    expect(received).toBe(controller.signal);
  });

  it("cancels a scope and each step form, reporting step_aborted for the running step", async () => {
    const forms = {
      parallel: (step: Parameters<Parameters<typeof run>[0]>[0]) =>
        step.parallel({ a: () => never() }),
      race: (step: Parameters<Parameters<typeof run>[0]>[0]) => step.race("r", () => never()),
      try: (step: Parameters<Parameters<typeof run>[0]>[0]) =>
        step.try(() => new Promise(() => {}), { error: "X" as never, name: "t" }),
      fromResult: (step: Parameters<Parameters<typeof run>[0]>[0]) =>
        step.fromResult(() => never(), { error: "X" as never, name: "f" }),
      promise: (step: Parameters<Parameters<typeof run>[0]>[0]) => step(never(), "p"),
    };
    for (const [form, call] of Object.entries(forms)) {
      const controller = new AbortController();
      const events: Event[] = [];
      const pending = run(async (step) => call(step), {
        signal: controller.signal,
        onEvent: (e) => events.push(e),
      });
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      const result = await pending;
      expect(result, form).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
      if (form !== "parallel" && form !== "race") {
        expect(
          events.map((e) => e.type),
          form,
        ).toEqual(["step_start", "step_aborted"]);
      }
    }
  });

  it("never calls onError or catchUnexpected for a cancellation", async () => {
    const controller = new AbortController();
    const onError = vi.fn();
    const catchUnexpected = vi.fn(() => "MAPPED" as const);
    const a = run(async (step) => step(never), { signal: controller.signal, onError });
    const b = run.strict(async (step) => step(never), {
      signal: controller.signal,
      catchUnexpected,
    });
    controller.abort();
    expect(await a).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
    expect(await b).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
    expect(onError).not.toHaveBeenCalled();
    expect(catchUnexpected).not.toHaveBeenCalled();
  });

  it("resolves even when the body waits on something that is not a step", async () => {
    const controller = new AbortController();
    const pending = run(async () => new Promise(() => {}), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
  });

  it("rejects a signal that is not an AbortSignal", async () => {
    await expect(run(async () => 1, { signal: {} as AbortSignal })).rejects.toThrow(
      /option "signal" must be an AbortSignal/,
    );
  });
});

describe("workflow calls with a signal", () => {
  it("cancel, report workflow_error, and leave the running keyed step unrecorded", async () => {
    const controller = new AbortController();
    const collector = createStepCollector();
    const events: Event[] = [];
    const onAfterStep = vi.fn();
    const pay = vi.fn((signal?: AbortSignal) => (signal ? never() : ok(5)));
    const cache = new Map();
    const workflow = createWorkflow(
      { pay },
      {
        cache,
        onAfterStep,
        onEvent: (e) => {
          events.push(e);
          collector.handleEvent(e);
        },
      },
    );
    let ctxSignal: AbortSignal | undefined;
    const pending = workflow(
      async (step, deps, ctx) => {
        ctxSignal = ctx.signal;
        await step(ok("r"), { key: "reserve" });
        return step((signal) => deps.pay(signal), { key: "pay" });
      },
      { signal: controller.signal },
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort("deploy");
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { type: "CANCELLED", reason: "deploy" } });
    expect(ctxSignal).toBe(controller.signal);
    expect(events.at(-1)).toMatchObject({ type: "workflow_error", error: { type: "CANCELLED" } });
    expect(onAfterStep.mock.calls.map((c) => c[0])).toEqual(["reserve"]);
    expect([...collector.getState().steps.keys()]).toEqual(["reserve"]);
    expect([...cache.keys()]).toEqual(["reserve"]);

    // Resumed without a signal, the cancelled step runs.
    const resumed = createWorkflow({ pay }, { resumeState: collector.getState() });
    expect(
      await resumed(async (step, deps) => {
        await step(ok("x"), { key: "reserve" });
        return step(() => deps.pay(), { key: "pay" });
      }),
    ).toEqual({ ok: true, value: 5 });
  });

  it("accepts the signal after args in the (args, fn) form", async () => {
    const controller = new AbortController();
    controller.abort();
    const workflow = createWorkflow({});
    const body = vi.fn();
    const result = await workflow({ id: 1 }, body, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
    expect(body).not.toHaveBeenCalled();
  });
});
