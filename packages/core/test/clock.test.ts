import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createWorkflow,
  err,
  isStepTimeoutError,
  ok,
  realClock,
  resolveClock,
  run,
  type AsyncResult,
  type Clock,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * A clock whose timers are held until `fire()` runs the earliest one, moving its time there: the
 * smallest clock a test can drive by hand. (`@awaitly/testing` has the full virtual clock.)
 */
function heldClock(start = 1_000_000) {
  let time = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const waits: number[] = [];
  const clock: Clock = {
    now: () => time,
    setTimeout: (callback, ms) => {
      waits.push(ms);
      timers.set(++nextId, { at: time + ms, callback });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const fire = (): boolean => {
    const [id, timer] = [...timers].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || timer === undefined) return false;
    timers.delete(id);
    time = timer.at;
    timer.callback();
    return true;
  };
  /** Fires timers, letting the run react in between, until none is left. */
  const drain = async () => {
    for (;;) {
      // Enough microtask turns for the run to react and start its next timer.
      for (let turn = 0; turn < 50; turn++) await Promise.resolve();
      if (!fire()) return;
    }
  };
  return { clock, waits, pending: () => timers.size, now: () => time, fire, drain };
}

const failing = (failures: number) => {
  let calls = 0;
  return vi.fn(async (): AsyncResult<string, "FLAKY"> => {
    calls += 1;
    return calls <= failures ? err("FLAKY") : ok("done");
  });
};

describe("run({ clock })", () => {
  it("waits out exponential retry backoff on the clock, never on the real timers", async () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    const held = heldClock();
    const op = failing(7);
    const pending = run(
      async (step) =>
        step(op, {
          retry: { attempts: 8, initialDelay: 5_000, maxDelay: 600_000, jitter: false },
        }),
      { clock: held.clock, onError: () => {} },
    );
    await held.drain();
    expect(await pending).toEqual(ok("done"));
    expect(held.waits).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000]);
    // Over ten minutes of backoff passed on the clock.
    expect(held.now() - 1_000_000).toBe(635_000);
    expect(spy).not.toHaveBeenCalled();
  });

  it("times a step out when the clock reaches its timeout, with the timeout's details", async () => {
    const held = heldClock();
    const pending = run(
      async (step) =>
        step(() => new Promise<never>(() => {}), { name: "slow", timeout: { ms: 86_400_000 } }),
      { clock: held.clock },
    );
    await held.drain();
    const result = await pending;
    const cause = result.ok ? undefined : result.cause;
    expect(isStepTimeoutError(cause)).toBe(true);
    expect(cause).toMatchObject({ timeoutMs: 86_400_000, stepName: "slow" });
    expect(held.now() - 1_000_000).toBe(86_400_000);
  });

  it("clears the clock's timeout timer when the step finishes first", async () => {
    const held = heldClock();
    const result = await run(async (step) => step(async () => ok(1), { timeout: { ms: 1_000 } }), {
      clock: held.clock,
    });
    expect(result).toEqual(ok(1));
    expect(held.waits).toEqual([1_000]);
    expect(held.pending()).toBe(0);
  });

  it("stops a backoff wait on the clock when the run is cancelled, clearing its timer", async () => {
    const held = heldClock();
    const controller = new AbortController();
    const pending = run(
      async (step) => step(failing(5), { retry: { attempts: 5, initialDelay: 60_000 } }),
      { clock: held.clock, signal: controller.signal, onError: () => {} },
    );
    await vi.waitFor(() => expect(held.pending()).toBe(1));
    controller.abort("stop");
    expect(await pending).toMatchObject({ ok: false, error: { type: "CANCELLED" } });
    expect(held.pending()).toBe(0);
  });

  it("stamps events with the clock's time and measures durations on it", async () => {
    const held = heldClock(5_000);
    const events: Event[] = [];
    const pending = run(
      async (step) =>
        step(failing(1), {
          name: "flaky",
          retry: { attempts: 2, initialDelay: 250, jitter: false },
        }),
      { clock: held.clock, onEvent: (e) => void events.push(e), onError: () => {} },
    );
    await held.drain();
    await pending;
    const success = events.find((e) => e.type === "step_success");
    expect(events[0]).toMatchObject({ type: "step_start", ts: 5_000 });
    expect(success).toMatchObject({ ts: 5_250, durationMs: 250 });
  });

  it("rejects a clock without now, setTimeout and clearTimeout, naming the option", async () => {
    await expect(
      run(async () => 1, { clock: { now: () => 0 } as unknown as Clock }),
    ).rejects.toThrow(/^run: option "clock" must be a Clock, got \{\}/);
  });
});

describe("createWorkflow({ clock }) and a call's clock", () => {
  it("retries on the workflow's clock", async () => {
    const held = heldClock();
    const op = failing(2);
    const workflow = createWorkflow({ op }, { clock: held.clock });
    const pending = workflow(async (step, deps) =>
      step(() => deps.op(), {
        retry: { attempts: 3, initialDelay: 30_000, maxDelay: 60_000, jitter: false },
      }),
    );
    await held.drain();
    expect(await pending).toEqual(ok("done"));
    expect(held.waits).toEqual([30_000, 60_000]);
  });

  it("lets one call run on its own clock, the workflow's other calls keeping theirs", async () => {
    const workflowClock = heldClock();
    const callClock = heldClock();
    const workflow = createWorkflow({ op: failing(10) }, { clock: workflowClock.clock });
    const pending = workflow(
      async (step) =>
        step(failing(1), { retry: { attempts: 2, initialDelay: 7_000, jitter: false } }),
      { clock: callClock.clock },
    );
    await callClock.drain();
    expect(await pending).toEqual(ok("done"));
    expect(callClock.waits).toEqual([7_000]);
    expect(workflowClock.waits).toEqual([]);
  });

  it("rejects a bad clock when the workflow is created and when a call gives one", async () => {
    expect(() => createWorkflow({}, { clock: 5 as unknown as Clock })).toThrow(
      /^createWorkflow: option "clock" must be a Clock, got 5/,
    );
    const workflow = createWorkflow({});
    await expect(
      workflow(async () => 1, { clock: { setTimeout: () => 0 } as unknown as Clock }),
    ).rejects.toThrow(/^workflow call: option "clock" must be a Clock/);
  });
});

describe("realClock", () => {
  it("reads Date.now and the global timers when called, so fake timers apply", async () => {
    vi.useFakeTimers({ now: 42_000 });
    expect(realClock.now()).toBe(42_000);
    const fired = vi.fn();
    const handle = realClock.setTimeout(fired, 1_000);
    const cleared = vi.fn();
    realClock.clearTimeout(realClock.setTimeout(cleared, 500));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toHaveBeenCalledOnce();
    expect(cleared).not.toHaveBeenCalled();
    realClock.clearTimeout(handle);
  });

  it("keeps fake-timer tests of retries working without a clock option", async () => {
    vi.useFakeTimers();
    const pending = run(async (step) => step(failing(1), { retry: { attempts: 2 } }), {
      onError: () => {},
    });
    await vi.runAllTimersAsync();
    expect(await pending).toEqual(ok("done"));
  });
});

describe("resolveClock", () => {
  it("gives the real clock for undefined and the clock itself otherwise", () => {
    const held = heldClock();
    expect(resolveClock(undefined, "x")).toBe(realClock);
    expect(resolveClock(held.clock, "x")).toBe(held.clock);
  });

  it("throws a TypeError naming where the clock was given", () => {
    expect(() => resolveClock(null, 'createRateLimiter("api")')).toThrow(
      new TypeError('createRateLimiter("api"): option "clock" must be a Clock, got null'),
    );
  });
});
