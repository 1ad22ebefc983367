import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  allAsync,
  allSettledAsync,
  anyAsync,
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type RunStep,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;
type Outcome = "success" | "err" | "throw" | "timeout" | "early exit";
type Step = RunStep<unknown>;

const boom = new Error("boom");
const hang = (): AsyncResult<number, never> => new Promise(() => {});
const after = (ms: number): AsyncResult<number, never> =>
  new Promise((resolve) => setTimeout(() => resolve(ok(1)), ms));
// What each outcome's operation does, for forms whose operation returns a Result.
const operations: Record<Outcome, (step: Step) => AsyncResult<number, unknown>> = {
  success: async () => ok(1),
  err: async () => err("NOPE"),
  throw: async () => {
    throw boom;
  },
  timeout: () => hang(),
  "early exit": async (step) => ok(await step(err("INNER"), "inner")),
};

// One entry per step form: how it runs an operation of each outcome, and which outcomes apply.
const forms: Record<
  string,
  {
    call: (step: Step, op: () => AsyncResult<number, unknown>) => Promise<unknown>;
    outcomes: Outcome[];
  }
> = {
  "step(fn)": {
    call: (step, op) => step(op, "s"),
    outcomes: ["success", "err", "throw", "early exit"],
  },
  "step(fn, { key })": {
    call: (step, op) => step(op, { name: "s", key: "k" }),
    outcomes: ["success", "err", "throw", "early exit"],
  },
  "step(promise)": { call: (step, op) => step(op(), "s"), outcomes: ["success", "err", "throw"] },
  "step(result)": {
    call: (step) => step(err("NOPE"), "s"),
    outcomes: ["err"],
  },
  "step(fn, { timeout })": {
    call: (step, op) => step(op, { name: "s", timeout: { ms: 50 } }),
    outcomes: ["success", "err", "throw", "timeout", "early exit"],
  },
  "step.try": {
    call: (step, op) =>
      step.try(
        async () => {
          const r = await op();
          if (!r.ok) throw r.error;
          return r.value;
        },
        { error: "MAPPED", name: "s" },
      ),
    outcomes: ["success", "throw", "early exit"],
  },
  "step.fromResult": {
    call: (step, op) => step.fromResult(op, { error: "MAPPED", name: "s" }),
    outcomes: ["success", "err", "throw", "early exit"],
  },
  "step.retry": {
    call: (step, op) => step.retry(op, { attempts: 1, name: "s" }),
    outcomes: ["success", "err", "throw", "early exit"],
  },
  "step.withTimeout": {
    call: (step, op) => step.withTimeout(op, { ms: 50, name: "s" }),
    outcomes: ["success", "err", "throw", "timeout", "early exit"],
  },
};

// The outer step's own events (the inner step of "early exit" reports under its own name).
const expected: Record<Outcome, string[]> = {
  success: ["step_start", "step_success"],
  err: ["step_start", "step_error"],
  throw: ["step_start", "step_error"],
  timeout: ["step_start", "step_timeout", "step_error"],
  "early exit": ["step_start", "step_aborted"],
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function eventsOf(
  body: (step: Step) => Promise<unknown>,
  mode: "wrap" | "typed" | "strict",
): Promise<Event[]> {
  const events: Event[] = [];
  const onEvent = (e: Event) => void events.push(e);
  const options =
    mode === "strict"
      ? { onEvent, catchUnexpected: () => "MAPPED_THROW" }
      : mode === "typed"
        ? { onEvent, onError: () => {} }
        : { onEvent };
  const pending = run(body as never, options as never);
  await vi.advanceTimersByTimeAsync(100);
  await pending;
  return events;
}

describe("every step form reports the same event sequence for the same outcome", () => {
  for (const [form, { call, outcomes }] of Object.entries(forms)) {
    for (const outcome of outcomes) {
      for (const mode of ["wrap", "typed", "strict"] as const) {
        it(`${form}: ${outcome} (${mode})`, async () => {
          const events = await eventsOf(
            (step) => call(step, () => operations[outcome](step)),
            mode,
          );
          const own = events.filter((e) => "name" in e && e.name === "s");
          const keyed = form === "step(fn, { key })";
          const completes = own.filter((e) => e.type === "step_complete");
          expect(own.filter((e) => e.type !== "step_complete").map((e) => e.type)).toEqual(
            expected[outcome],
          );
          // A keyed step reports step_complete for success and failures, never for an early exit.
          expect(completes.length).toBe(keyed && outcome !== "early exit" ? 1 : 0);
          for (const e of own) expect(e.ts).toBeTypeOf("number");
        });
      }
    }
  }
});

describe("scope forms report scope_start then scope_end, whatever the outcome", () => {
  const scopes: Record<string, (step: Step, ok_: boolean) => Promise<unknown>> = {
    "step.parallel(object)": (step, good) =>
      step.parallel({ a: () => (good ? ok(1) : err("NOPE")) }, { name: "s" }),
    "step.parallel(name, fn)": (step, good) =>
      step.parallel("s", () => allAsync([good ? ok(1) : err("NOPE")])),
    "step.race": (step, good) => step.race("s", () => anyAsync([good ? ok(1) : err("NOPE")])),
    "step.allSettled": (step, good) =>
      step.allSettled("s", () => allSettledAsync([good ? ok(1) : err("NOPE")])),
  };
  for (const [form, call] of Object.entries(scopes)) {
    for (const good of [true, false]) {
      it(`${form}: ${good ? "success" : "err"}`, async () => {
        const events = await eventsOf((step) => call(step, good), "typed");
        expect(events.map((e) => e.type)).toEqual(["scope_start", "scope_end"]);
      });
    }
  }
});

describe("event clock", () => {
  it("reads the wall clock once per run and the monotonic clock once per event", async () => {
    vi.useRealTimers();
    const dateNow = vi.spyOn(Date, "now");
    const perfNow = vi.spyOn(performance, "now");
    const events: Event[] = [];
    await run(
      async (step) => {
        for (let i = 0; i < 5; i++) await step(() => ok(i), "s");
      },
      { onEvent: (e) => void events.push(e) },
    );
    expect(dateNow).toHaveBeenCalledTimes(1);
    // The anchor, then a start and an end per step.
    expect(perfNow).toHaveBeenCalledTimes(1 + 5 * 2);
    dateNow.mockRestore();
    perfNow.mockRestore();
  });

  it("reads the clock once per event of a workflow too: workflow_start reuses the anchor", async () => {
    vi.useRealTimers();
    const dateNow = vi.spyOn(Date, "now");
    const perfNow = vi.spyOn(performance, "now");
    const events: Event[] = [];
    const workflow = createWorkflow({}, { onEvent: (e) => void events.push(e) });
    await workflow(async (step) => {
      for (let i = 0; i < 3; i++) await step(() => ok(i));
    });
    expect(dateNow).toHaveBeenCalledTimes(1);
    // The anchor (also workflow_start's reading), a start and an end per step, workflow_success.
    expect(perfNow).toHaveBeenCalledTimes(1 + 3 * 2 + 1);
    expect(events[0]?.type).toBe("workflow_start");
    expect(events[0]?.ts).toBe(dateNow.mock.results[0]?.value);
    dateNow.mockRestore();
    perfNow.mockRestore();
  });

  it("stamps workflow_start after the gates when a gate awaited", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "performance"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const start = Date.now();
    const events: Event[] = [];
    const workflow = createWorkflow(
      {},
      {
        onEvent: (e) => void events.push(e),
        shouldRun: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 100)),
      },
    );
    const pending = workflow(async () => 1);
    await vi.advanceTimersByTimeAsync(100);
    await pending;
    expect(events.find((e) => e.type === "workflow_start")?.ts).toBe(start + 100);
  });

  it("applies fake timers installed before the run to all of its events", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "performance"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const start = Date.now();
    const events: Event[] = [];
    const pending = run(
      async (step) => {
        await step(() => after(250), "slow");
      },
      { onEvent: (e) => void events.push(e) },
    );
    await vi.advanceTimersByTimeAsync(250);
    await pending;
    expect(events.map((e) => [e.type, e.ts])).toEqual([
      ["step_start", start],
      ["step_success", start + 250],
    ]);
  });

  it("derives ts from the run's anchor, so a wall-clock jump mid-run does not move it", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "performance"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const start = Date.now();
    const events: Event[] = [];
    const workflow = createWorkflow({}, { onEvent: (e) => void events.push(e) });
    const pending = workflow(async (step) => {
      await step(() => after(1000), "s");
      return 1;
    });
    await vi.advanceTimersByTimeAsync(500);
    // The wall clock jumps an hour back (NTP correction, manual change); the monotonic one does not.
    vi.setSystemTime(start - 3_600_000);
    await vi.advanceTimersByTimeAsync(500);
    await pending;
    const success = events.find((e) => e.type === "step_success");
    const begin = events.find((e) => e.type === "step_start");
    expect(begin?.ts).toBe(start);
    expect(success?.ts).toBe(start + 1000);
    expect(success?.type === "step_success" && success.durationMs).toBe(1000);
  });
});
