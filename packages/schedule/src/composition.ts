import { Duration } from "@awaitly/core";
import { BASE_INITIAL, advance, nextStateOf } from "./internal/state";
import type { Schedule, ScheduleDecision, ScheduleState } from "./types";

type SeqMeta = { inSecondPhase: boolean; firstState: ScheduleState; secondState: ScheduleState };
type PairMeta = { firstState: ScheduleState; secondState: ScheduleState };

const composite = <In, Out>(meta: unknown, step: Schedule<In, Out>["step"]): Schedule<In, Out> => ({
  _tag: "Schedule",
  initial: { ...BASE_INITIAL, meta },
  step,
});
const continueWith = <Out>(
  state: ScheduleState,
  input: unknown,
  delay: Duration,
  output: Out,
  meta: unknown,
): ScheduleDecision<Out> => ({
  _tag: "Continue",
  delay,
  output,
  nextState: { ...advance(state, delay, input, output), meta },
});

/** Runs `first` to completion, then `second` (no gap at the hand-over). */
export function andThen<In, Out1, Out2>(second: Schedule<In, Out2>) {
  return (first: Schedule<In, Out1>): Schedule<In, Out1 | Out2> => {
    const initialMeta: SeqMeta = {
      inSecondPhase: false,
      firstState: first.initial,
      secondState: second.initial,
    };
    return composite<In, Out1 | Out2>(initialMeta, (input, state) => {
      const meta = (state.meta as SeqMeta | undefined) ?? initialMeta;
      if (!meta.inSecondPhase) {
        const d1 = first.step(input, meta.firstState);
        if (d1._tag === "Continue") {
          return continueWith(state, input, d1.delay, d1.output, {
            ...meta,
            firstState: nextStateOf(meta.firstState, d1, input),
          });
        }
        const d2 = second.step(input, second.initial);
        if (d2._tag === "Done") return d2;
        return continueWith(state, input, d2.delay, d2.output, {
          inSecondPhase: true,
          firstState: meta.firstState,
          secondState: nextStateOf(second.initial, d2, input),
        });
      }
      const d2 = second.step(input, meta.secondState);
      if (d2._tag === "Done") return d2;
      return continueWith(state, input, d2.delay, d2.output, {
        ...meta,
        secondState: nextStateOf(meta.secondState, d2, input),
      });
    });
  };
}

const pair = <In, Out1, Out2>(
  first: Schedule<In, Out1>,
  second: Schedule<In, Out2>,
  both: boolean,
): Schedule<In, [Out1, Out2]> => {
  const initialMeta: PairMeta = { firstState: first.initial, secondState: second.initial };
  return composite<In, [Out1, Out2]>(initialMeta, (input, state) => {
    const meta = (state.meta as PairMeta | undefined) ?? initialMeta;
    const d1 = first.step(input, meta.firstState);
    const d2 = second.step(input, meta.secondState);
    const done1 = d1._tag === "Done";
    const done2 = d2._tag === "Done";
    if (both ? done1 || done2 : done1 && done2) return { _tag: "Done" };
    const ms1 = d1._tag === "Continue" ? d1.delay.millis : Number.POSITIVE_INFINITY;
    const ms2 = d2._tag === "Continue" ? d2.delay.millis : Number.POSITIVE_INFINITY;
    const delay = Duration.millis(both ? Math.max(ms1, ms2) : Math.min(ms1, ms2));
    const output = [
      d1._tag === "Continue" ? d1.output : undefined,
      d2._tag === "Continue" ? d2.output : undefined,
    ] as [Out1, Out2];
    return continueWith(state, input, delay, output, {
      firstState: nextStateOf(meta.firstState, d1, input),
      secondState: nextStateOf(meta.secondState, d2, input),
    });
  });
};

/** Continues while either continues, with the shorter delay. */
export function union<In, Out1, Out2>(
  first: Schedule<In, Out1>,
  second: Schedule<In, Out2>,
): Schedule<In, [Out1, Out2]> {
  return pair(first, second, false);
}

/** Continues while both continue, with the longer delay. */
export function intersect<In, Out1, Out2>(
  first: Schedule<In, Out1>,
  second: Schedule<In, Out2>,
): Schedule<In, [Out1, Out2]> {
  return pair(first, second, true);
}
