import type { Duration } from "@awaitly/core";
import { nextStateOf } from "./internal/state";
import type { Schedule } from "./types";

/** Steps a schedule: `next(input)` returns the next delay and output, or `{ done: true }`. */
export function run<In, Out>(
  schedule: Schedule<In, Out>,
): {
  next: (input: In) => { done: false; value: { delay: Duration; output: Out } } | { done: true };
} {
  let state = schedule.initial;
  return {
    next(input) {
      const decision = schedule.step(input, state);
      if (decision._tag === "Done") return { done: true };
      state = nextStateOf(state, decision, input);
      return { done: false, value: { delay: decision.delay, output: decision.output } };
    },
  };
}

/** The delays a schedule hands out (at most `maxIterations`). */
export function delays<Out>(schedule: Schedule<undefined, Out>, maxIterations = 100): Duration[] {
  const runner = run(schedule);
  const out: Duration[] = [];
  for (let i = 0; i < maxIterations; i++) {
    const next = runner.next(undefined);
    if (next.done) break;
    out.push(next.value.delay);
  }
  return out;
}
