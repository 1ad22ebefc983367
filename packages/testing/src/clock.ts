import type { ScriptedOutcome } from "./types";

/** A manual clock for harness timestamps and durations (`{ clock: clock.now }`). */
export function createTestClock(startTime = 0) {
  let time = startTime;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
    set: (t: number) => {
      time = t;
    },
    reset: () => {
      time = startTime;
    },
  };
}

/** A scripted success. */
export const okOutcome = <T>(value: T): ScriptedOutcome<T, never> => ({ type: "ok", value });
/** A scripted typed failure. */
export const errOutcome = <E>(error: E): ScriptedOutcome<never, E> => ({ type: "err", error });
/** A scripted exception. */
export const throwOutcome = (error: unknown): ScriptedOutcome<never, never> => ({
  type: "throw",
  error,
});
