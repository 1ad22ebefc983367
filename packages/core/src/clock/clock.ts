/**
 * Where a run, a breaker, a limiter or a schedule gets its time from. Pass one as the `clock` option
 * to move every wait and every time decision onto it: a virtual clock (`createVirtualClock` in
 * `@awaitly/testing`) turns a week of backoff into an instant test. Timers are only ever cancelled
 * with the same clock's `clearTimeout`, and its methods may be called without `this`.
 */
export interface Clock {
  /**
   * Wall time in epoch milliseconds. The real clock measures durations (event `durationMs`) on
   * `performance.now()` so that a wall-clock jump cannot distort them; any other clock measures
   * them on this, so it should not jump back.
   */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer this clock started; a fired or cleared timer is ignored. */
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock, the default everywhere: `Date.now` and the global timers, each looked up when
 * called, so fake timers (`vi.useFakeTimers()`) installed later still apply.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
