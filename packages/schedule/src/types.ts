import type { Duration } from "@awaitly/core";

/** Where a schedule is: iterations and total delay handed out so far. */
export interface ScheduleState {
  readonly iterations: number;
  readonly elapsed: Duration;
  readonly lastInput?: unknown;
  readonly lastOutput?: unknown;
  readonly meta?: unknown;
}

/** One step's answer: go on after `delay` (reporting `output`), or stop. */
export type ScheduleDecision<Out> =
  | {
      readonly _tag: "Continue";
      readonly delay: Duration;
      readonly output: Out;
      readonly nextState?: ScheduleState | undefined;
    }
  | { readonly _tag: "Done" };

/** An immutable schedule: a pure `step` decision function and its initial state. */
export interface Schedule<In = unknown, Out = unknown> {
  readonly _tag: "Schedule";
  readonly step: (input: In, state: ScheduleState) => ScheduleDecision<Out>;
  readonly initial: ScheduleState;
}
export type { Schedule as ScheduleType };

/** A schedule with a `.pipe(combinator)` method (what the `Schedule` namespace returns). */
export type PipedSchedule<In, Out> = Schedule<In, Out> & {
  pipe: <NewOut>(fn: (s: Schedule<In, Out>) => Schedule<In, NewOut>) => PipedSchedule<In, NewOut>;
} & {
  pipe: <R>(fn: (s: Schedule<In, Out>) => R) => R;
};
