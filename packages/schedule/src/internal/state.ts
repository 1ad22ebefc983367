import { Duration, type Duration as DurationT } from "@awaitly/core";
import type { Schedule, ScheduleDecision, ScheduleState } from "../types";

/** @internal The shared initial state of every constructor. */
export const BASE_INITIAL: ScheduleState = {
  iterations: 0,
  elapsed: Duration.zero,
  lastInput: undefined,
  lastOutput: undefined,
};

/** @internal The state after a Continue (drops `meta`). */
export const advance = (
  state: ScheduleState,
  delay: DurationT,
  input: unknown,
  output: unknown,
): ScheduleState => ({
  iterations: state.iterations + 1,
  elapsed: Duration.add(state.elapsed, delay),
  lastInput: input,
  lastOutput: output,
});

/** @internal The driver rule: a composite's own next state wins. */
export const nextStateOf = <Out>(
  state: ScheduleState,
  decision: ScheduleDecision<Out>,
  input: unknown,
): ScheduleState =>
  decision._tag === "Continue"
    ? (decision.nextState ?? advance(state, decision.delay, input, decision.output))
    : state;

export const done = (): ScheduleDecision<never> => ({ _tag: "Done" });
export const cont = <Out>(delay: DurationT, output: Out): ScheduleDecision<Out> => ({
  _tag: "Continue",
  delay,
  output,
});

/**
 * @internal A changed Continue that keeps a composite's inner state: the child's `nextState` (its
 * `meta`) is carried over with the new delay and output, so wrapping never restarts a composite.
 */
export function rebuild<Out, NewOut>(
  state: ScheduleState,
  input: unknown,
  decision: Extract<ScheduleDecision<Out>, { _tag: "Continue" }>,
  delay: DurationT,
  output: NewOut,
): ScheduleDecision<NewOut> {
  if (decision.nextState === undefined) return cont(delay, output);
  return {
    _tag: "Continue",
    delay,
    output,
    nextState: { ...advance(state, delay, input, output), meta: decision.nextState.meta },
  };
}

/** @internal A combinator result: same initial state, new step. */
export const wrap = <In, Out>(
  initial: ScheduleState,
  step: Schedule<In, Out>["step"],
): Schedule<In, Out> => ({
  _tag: "Schedule",
  initial,
  step,
});

/** @internal Checks a Duration argument. */
export function assertDuration(where: string, name: string, value: DurationT): void {
  if (!Duration.isDuration(value) || Number.isNaN(value.millis) || value.millis < 0) {
    throw new RangeError(`${where}: ${name} must be a Duration ≥ 0, got ${JSON.stringify(value)}`);
  }
}

/** @internal Checks a count argument. */
export function assertCount(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${where}: ${name} must be a whole number ≥ 0, got ${String(value)}`);
}
