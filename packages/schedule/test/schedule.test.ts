import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import {
  Duration,
  Schedule,
  andThen,
  delays,
  exponential,
  fibonacci,
  intersect,
  jittered,
  linear,
  map,
  maxDelay,
  recurs,
  retryWithSchedule,
  run,
  spaced,
  union,
  upTo,
  upToElapsed,
} from "@awaitly/schedule";

const ms = (d: Duration) => d.millis;
const list = (s: Parameters<typeof delays>[0], n = 10) => delays(s, n).map(ms);

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("constructors", () => {
  it("produce the specified delays and outputs", () => {
    expect(list(exponential(Duration.millis(100)), 4)).toEqual([100, 200, 400, 800]);
    expect(list(exponential(Duration.millis(100), 3), 3)).toEqual([100, 300, 900]);
    expect(list(linear(Duration.millis(100)), 3)).toEqual([100, 200, 300]);
    expect(list(fibonacci(Duration.millis(100)), 6)).toEqual([100, 100, 200, 300, 500, 800]);
    expect(list(spaced(Duration.seconds(1)), 2)).toEqual([1000, 1000]);
    expect(list(recurs(3))).toEqual([0, 0, 0]);
    expect(list(recurs(0))).toEqual([]);
    expect(list(Schedule.once())).toEqual([0]);
    expect(list(Schedule.stop())).toEqual([]);
    expect(delays(Schedule.forever())).toHaveLength(100);
    const r = run(recurs(2));
    expect(r.next(undefined)).toEqual({ done: false, value: { delay: Duration.zero, output: 0 } });
  });

  it("reject bad arguments with a RangeError", () => {
    expect(() => recurs(-1)).toThrow(RangeError);
    expect(() => spaced(Duration.millis(-5))).toThrow(RangeError);
    expect(() => jittered(2)).toThrow(/factor.*2/);
    expect(() => upTo(1.5)).toThrow(RangeError);
  });
});

describe("combinators", () => {
  it("limit by count and elapsed time", () => {
    expect(list(Schedule.exponential(Duration.millis(100)).pipe(Schedule.upTo(3)))).toEqual([
      100, 200, 400,
    ]);
    expect(list(upToElapsed(Duration.seconds(3))(spaced(Duration.seconds(2))))).toEqual([
      2000, 2000,
    ]);
    expect(list(maxDelay(Duration.millis(300))(exponential(Duration.millis(100))), 5)).toEqual([
      100, 200, 300, 300, 300,
    ]);
  });

  it("sequence with andThen without a gap", () => {
    const s = Schedule.exponential(Duration.millis(100))
      .pipe(Schedule.upTo(3))
      .pipe(Schedule.andThen(spaced(Duration.seconds(1))));
    expect(list(s, 6)).toEqual([100, 200, 400, 1000, 1000, 1000]);
    expect(list(andThen(recurs(2))(recurs(2)))).toEqual([0, 0, 0, 0]);
  });

  it("union takes the shorter delay and intersect the longer", () => {
    expect(list(union(exponential(Duration.millis(100)), spaced(Duration.seconds(1))), 6)).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    const outs: unknown[] = [];
    const r = run(union(recurs(2), recurs(4)));
    for (let n = r.next(undefined); !n.done; n = r.next(undefined)) outs.push(n.value.output);
    expect(outs).toEqual([
      [0, 0],
      [1, 1],
      [undefined, 2],
      [undefined, 3],
    ]);
    expect(list(intersect(recurs(2), recurs(5)))).toHaveLength(2);
  });

  it("never restart a combined schedule when wrapped by maxDelay, jittered, map, …", () => {
    const backoff = Schedule.exponential(Duration.millis(100))
      .pipe(Schedule.upTo(3))
      .pipe(Schedule.andThen(spaced(Duration.seconds(1))));
    expect(list(backoff.pipe(Schedule.maxDelay(Duration.seconds(10))), 5)).toEqual([
      100, 200, 400, 1000, 1000,
    ]);
    expect(
      list(
        map((x: unknown) => x)(
          union(exponential(Duration.millis(100)), spaced(Duration.seconds(1))),
        ),
        5,
      ),
    ).toEqual([100, 200, 400, 800, 1000]);
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(
      list(jittered(0.1)(union(exponential(Duration.millis(100)), spaced(Duration.seconds(1)))), 5),
    ).toEqual([100, 200, 400, 800, 1000]);
    const elapsed = run(
      maxDelay(Duration.millis(150))(andThen(spaced(Duration.millis(50)))(recurs(1))),
    );
    const steps = [elapsed.next(undefined), elapsed.next(undefined), elapsed.next(undefined)];
    // recurs(1) hands out one zero delay, then the wrapped andThen moves on to spaced(50)
    // instead of restarting at recurs(1) on every step.
    expect(steps.map((s) => (s.done ? "done" : s.value.delay.millis))).toEqual([0, 50, 50]);
  });

  it("feeds inputs to while/until predicates and taps outputs with the pre-step state", () => {
    const seen: number[] = [];
    const s = Schedule.recurs<number>(10)
      .pipe(Schedule.whileInput((n: number) => n < 3))
      .pipe(Schedule.tap((_o, state) => void seen.push(state.iterations)));
    const r = run(s);
    expect(r.next(1).done).toBe(false);
    expect(r.next(2).done).toBe(false);
    expect(r.next(3).done).toBe(true);
    expect(seen).toEqual([0, 1]);
    expect(Schedule.recurs(3).pipe(() => 42)).toBe(42);
  });
});

describe("retryWithSchedule", () => {
  it("retries a workflow step on the schedule's delays, feeding it the error", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const flaky = async (): AsyncResult<string, "BUSY" | "FATAL"> =>
      ++calls < 3 ? err("BUSY") : ok("done");
    const onRetry = vi.fn();
    const schedule = Schedule.exponential<"BUSY" | "FATAL">(Duration.millis(100))
      .pipe(Schedule.upTo(5))
      .pipe(Schedule.untilInput((e: "BUSY" | "FATAL") => e === "FATAL"));
    const events: WorkflowEvent<unknown, unknown>[] = [];
    const workflow = createWorkflow({ flaky }, { onEvent: (e) => void events.push(e) });
    const pending = workflow(async (step, deps) =>
      step(
        retryWithSchedule(schedule, () => deps.flaky(), { onRetry }),
        "flaky",
      ),
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1 + 200);
    expect(await pending).toEqual({ ok: true, value: "done" });
    expect(onRetry.mock.calls).toEqual([
      ["BUSY", 1, 100],
      ["BUSY", 2, 200],
    ]);
  });

  it("stops when the schedule is done or retryOn refuses, returning the last Err", async () => {
    vi.useFakeTimers();
    const always = vi.fn(async (): AsyncResult<never, "DOWN"> => err("DOWN"));
    const pending = retryWithSchedule(recurs(2), always)();
    await vi.runAllTimersAsync();
    expect(await pending).toEqual(err("DOWN"));
    expect(always).toHaveBeenCalledTimes(3);
    const refused = vi.fn(async (): AsyncResult<never, "FATAL"> => err("FATAL"));
    expect(await retryWithSchedule(recurs(5), refused, { retryOn: () => false })()).toEqual(
      err("FATAL"),
    );
    expect(refused).toHaveBeenCalledTimes(1);
    expect(() => retryWithSchedule(recurs(1), 1 as never)).toThrow(TypeError);
  });
});
