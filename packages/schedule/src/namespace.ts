import type { Duration } from "@awaitly/core";
import * as c from "./combinators";
import { andThen, intersect, union } from "./composition";
import {
  exponential,
  fibonacci,
  fixed,
  forever,
  linear,
  once,
  recurs,
  spaced,
  stop,
} from "./constructors";
import { delays, run } from "./run";
import type { PipedSchedule, Schedule as ScheduleT } from "./types";

const isSchedule = (value: unknown): value is ScheduleT<never, unknown> =>
  typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "Schedule";

/** @internal Adds `.pipe` (which keeps results pipeable). */
export function withPipe<In, Out>(schedule: ScheduleT<In, Out>): PipedSchedule<In, Out> {
  const plain: ScheduleT<In, Out> = {
    _tag: "Schedule",
    initial: schedule.initial,
    step: schedule.step,
  };
  return {
    ...plain,
    pipe: (fn: (s: ScheduleT<In, Out>) => unknown) => {
      const result = fn(plain);
      return isSchedule(result) ? withPipe(result) : result;
    },
  } as PipedSchedule<In, Out>;
}

/** The schedule interface, under the same name as the namespace (as in awaitly 1.0.0). */
export type Schedule<In = unknown, Out = unknown> = ScheduleT<In, Out>;

/**
 * Every constructor and combinator in one place; constructors return pipeable schedules.
 * @example
 * const retry = Schedule.exponential(Duration.millis(100)).pipe(Schedule.jittered(0.2)).pipe(Schedule.upTo(5));
 */
export const Schedule = {
  forever: <In = unknown>() => withPipe(forever<In>()),
  once: <In = unknown>() => withPipe(once<In>()),
  recurs: <In = unknown>(n: number) => withPipe(recurs<In>(n)),
  stop,
  spaced: <In = unknown>(delay: Duration) => withPipe(spaced<In>(delay)),
  fixed: <In = unknown>(delay: Duration) => withPipe(fixed<In>(delay)),
  exponential: <In = unknown>(base: Duration, factor?: number) =>
    withPipe(exponential<In>(base, factor)),
  linear: <In = unknown>(base: Duration) => withPipe(linear<In>(base)),
  fibonacci: <In = unknown>(base: Duration) => withPipe(fibonacci<In>(base)),
  upTo: c.upTo,
  upToElapsed: c.upToElapsed,
  maxDelay: c.maxDelay,
  minDelay: c.minDelay,
  whileInput: c.whileInput,
  whileOutput: c.whileOutput,
  untilInput: c.untilInput,
  untilOutput: c.untilOutput,
  jittered: c.jittered,
  addDelay: c.addDelay,
  andThen,
  union: <In, Out1, Out2>(first: ScheduleT<In, Out1>, second: ScheduleT<In, Out2>) =>
    withPipe(union(first, second)),
  intersect: <In, Out1, Out2>(first: ScheduleT<In, Out1>, second: ScheduleT<In, Out2>) =>
    withPipe(intersect(first, second)),
  map: c.map,
  tap: c.tap,
  modifyDelay: c.modifyDelay,
  run,
  delays,
} as const;
