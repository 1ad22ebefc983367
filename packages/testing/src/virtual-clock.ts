import type { Clock } from "@awaitly/core";
import { toMs, type DurationInput } from "./internal/duration-input";
import { assertFiniteNumber } from "./internal/validate";

/** Options of `createVirtualClock`. */
export interface VirtualClockOptions {
  /** Epoch ms (or a Date) the clock starts at. Defaults to `Date.UTC(2026, 0, 1)`. */
  start?: number | Date | undefined;
  /**
   * Most timers one `advance`/`runAll` fires before it gives up with a `RangeError` (a timer that
   * keeps re-arming itself would otherwise never let it finish). Defaults to `100000`.
   */
  maxTimers?: number | undefined;
}

/**
 * A `Clock` whose time moves only when the test says so. Pass it as the `clock` option of `run`,
 * `createWorkflow`, a breaker, a limiter, `retryWithSchedule` or batches, then `advance("30d")`.
 */
export interface VirtualClock extends Clock {
  /** The clock's time, epoch ms. */
  now(): number;
  /** Schedules `callback` at `now() + ms` (negative or NaN ms count as 0); returns its id. */
  setTimeout(callback: () => void, ms: number): number;
  /** Cancels a timer by id; an unknown, fired or cleared id is ignored. */
  clearTimeout(handle: unknown): void;
  /**
   * Moves time forward by `duration` (ms, a `Duration`, or `"30d"`, `"1h 30m"`, `"500ms"`): fires
   * every timer due on the way in time order (equal times in the order they were set), letting
   * pending promise callbacks run before each timer and after the last, so code a timer resumes
   * can set the next one. Resolves at the new time; rejects with what a timer callback threw.
   */
  advance(duration: DurationInput): Promise<void>;
  /** Advances to the next timer and fires it (and any due at the same time); false when none is set. */
  next(): Promise<boolean>;
  /** Fires timers, advancing to each, until none is left (timers set meanwhile included). */
  runAll(): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  flush(): Promise<void>;
  /** How many timers are set and not yet fired. */
  pending(): number;
}

type Timer = { id: number; at: number; callback: () => void };

// Captured at load: a test that later installs fake timers must not stall the clock's own turns.
const nextTurn: (callback: () => void) => void =
  typeof globalThis.setImmediate === "function"
    ? globalThis.setImmediate.bind(globalThis)
    : (callback) => void globalThis.setTimeout(callback, 0);

const DEFAULT_START = Date.UTC(2026, 0, 1);

/**
 * A virtual clock for tests: retries, timeouts, schedules, breakers and limiters given it as their
 * `clock` wait on it, and `advance("30d")` runs a month of their timers in milliseconds.
 * @example
 * const clock = createVirtualClock();
 * const pending = run(async (step) => step(fetchUser, { retry: { attempts: 5 } }), { clock });
 * await clock.advance("10m");
 * expect(await pending).toEqual(ok(user));
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`createVirtualClock: options must be an object, got ${String(options)}`);
  }
  const start = options.start instanceof Date ? options.start.getTime() : options.start;
  if (start !== undefined) assertFiniteNumber("createVirtualClock: start", start);
  const maxTimers = options.maxTimers ?? 100_000;
  if (!Number.isInteger(maxTimers) || maxTimers < 1) {
    throw new RangeError(
      `createVirtualClock: maxTimers must be a whole number ≥ 1, got ${String(maxTimers)}`,
    );
  }
  let time = start ?? DEFAULT_START;
  let lastId = 0;
  // Kept sorted by (at, id): firing takes the head, setting inserts after every timer due no later.
  const timers: Timer[] = [];

  const flush = () => new Promise<void>((resolve) => nextTurn(resolve));
  const fire = (timer: Timer) => {
    timers.splice(timers.indexOf(timer), 1);
    time = Math.max(time, timer.at);
    timer.callback();
  };
  /** Fires every timer due by `until` (Infinity: all of them), then moves time to `until`. */
  const runUntil = async (until: number, where: string) => {
    let fired = 0;
    for (;;) {
      await flush();
      const head = timers[0];
      if (head === undefined || head.at > until) break;
      if (++fired > maxTimers) {
        throw new RangeError(
          `${where}: fired ${maxTimers} timers and more are due; a timer that re-arms itself? (raise maxTimers)`,
        );
      }
      fire(head);
    }
    if (until !== Infinity) time = Math.max(time, until);
  };

  return {
    now: () => time,
    setTimeout(callback, ms) {
      if (typeof callback !== "function") {
        throw new TypeError(
          `clock.setTimeout: callback must be a function, got ${typeof callback}`,
        );
      }
      const timer: Timer = { id: ++lastId, at: time + (ms > 0 ? ms : 0), callback };
      let at = timers.length;
      while (at > 0 && (timers[at - 1] as Timer).at > timer.at) at--;
      timers.splice(at, 0, timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const at = timers.findIndex((t) => t.id === handle);
      if (at !== -1) timers.splice(at, 1);
    },
    // async: a bad duration rejects, like every other failure of advance.
    advance: async (duration) =>
      runUntil(time + toMs("clock.advance: duration", duration), "clock.advance"),
    async next() {
      await flush();
      const head = timers[0];
      if (head === undefined) return false;
      await runUntil(head.at, "clock.next");
      return true;
    },
    runAll: () => runUntil(Infinity, "clock.runAll"),
    flush,
    pending: () => timers.length,
  };
}
