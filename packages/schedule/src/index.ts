// Types
export type {
  ScheduleState,
  ScheduleDecision,
  Schedule as ScheduleType,
  PipedSchedule,
} from "./types";
export type { RetryWithScheduleOptions } from "./retry-with-schedule";

// The namespace; `Schedule` is also the schedule type, as in 1.0.0
export { Schedule } from "./namespace";

// Constructors, combinators, composition, running
export {
  forever,
  recurs,
  once,
  stop,
  spaced,
  fixed,
  exponential,
  linear,
  fibonacci,
} from "./constructors";
export {
  upTo,
  upToElapsed,
  maxDelay,
  minDelay,
  whileInput,
  whileOutput,
  untilInput,
  untilOutput,
  jittered,
  addDelay,
  map,
  tap,
  modifyDelay,
} from "./combinators";
export { andThen, union, intersect } from "./composition";
export { run, delays } from "./run";
export { retryWithSchedule } from "./retry-with-schedule";

// Duration helpers (awaitly 1.0.0's awaitly/retry entry re-exported these)
export type { DurationType } from "@awaitly/core";
export {
  Duration,
  millis,
  seconds,
  minutes,
  hours,
  days,
  toMillis,
  toSeconds,
  toMinutes,
  toHours,
  toDays,
  isDuration,
} from "@awaitly/core";
