import { assertFiniteNumber } from "./internal/validate";

/**
 * A manual clock for harness timestamps and durations (`{ clock: clock.now }`); it does not move
 * timers or `Date.now`. `createVirtualClock` does all of this and drives timers too.
 */
export function createTestClock(startTime = 0): {
  now: () => number;
  advance: (ms: number) => void;
  set: (time: number) => void;
  reset: () => void;
} {
  assertFiniteNumber("createTestClock: startTime", startTime);
  let time = startTime;
  return {
    now: () => time,
    advance: (ms: number) => {
      assertFiniteNumber("clock.advance: ms", ms);
      time += ms;
    },
    set: (t: number) => {
      assertFiniteNumber("clock.set: time", t);
      time = t;
    },
    reset: () => {
      time = startTime;
    },
  };
}
