import { Duration, type Duration as DurationT } from "@awaitly/core";
import { assertCount, assertDuration, done, rebuild, wrap } from "./internal/state";
import type { Schedule, ScheduleState } from "./types";

type Combinator<In, Out, NewOut = Out> = (schedule: Schedule<In, Out>) => Schedule<In, NewOut>;

/** Done after `n` continues (counting the state it is given). */
export function upTo<In, Out>(n: number): Combinator<In, Out> {
  assertCount("upTo", "n", n);
  return (s) =>
    wrap(s.initial, (input, state) => (state.iterations >= n ? done() : s.step(input, state)));
}

/** Done once the delays handed out reach `maxElapsed` (checked before stepping). */
export function upToElapsed<In, Out>(maxElapsed: DurationT): Combinator<In, Out> {
  assertDuration("upToElapsed", "maxElapsed", maxElapsed);
  return (s) =>
    wrap(s.initial, (input, state) =>
      Duration.toMillis(state.elapsed) >= Duration.toMillis(maxElapsed)
        ? done()
        : s.step(input, state),
    );
}

/** Caps every delay at `max`. */
export function maxDelay<In, Out>(max: DurationT): Combinator<In, Out> {
  assertDuration("maxDelay", "max", max);
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      return rebuild(state, input, d, d.delay.millis > max.millis ? max : d.delay, d.output);
    });
}

/** Raises every delay to at least `min`. */
export function minDelay<In, Out>(min: DurationT): Combinator<In, Out> {
  assertDuration("minDelay", "min", min);
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      return rebuild(state, input, d, d.delay.millis < min.millis ? min : d.delay, d.output);
    });
}

/** Continues only while `predicate(input)` holds. */
export function whileInput<In, Out>(predicate: (input: In) => boolean): Combinator<In, Out> {
  return (s) =>
    wrap(s.initial, (input, state) => (predicate(input) ? s.step(input, state) : done()));
}

/** Continues only while `predicate(output)` holds. */
export function whileOutput<In, Out>(predicate: (output: Out) => boolean): Combinator<In, Out> {
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      return predicate(d.output) ? d : done();
    });
}

/** Stops once `predicate(input)` holds. */
export function untilInput<In, Out>(predicate: (input: In) => boolean): Combinator<In, Out> {
  return whileInput((input: In) => !predicate(input));
}

/** Stops once `predicate(output)` holds. */
export function untilOutput<In, Out>(predicate: (output: Out) => boolean): Combinator<In, Out> {
  return whileOutput((output: Out) => !predicate(output));
}

/** Randomises each delay within `[d·(1−factor), d·(1+factor))`. */
export function jittered<In, Out>(factor = 0.2): Combinator<In, Out> {
  if (!Number.isFinite(factor) || factor < 0 || factor > 1) {
    throw new RangeError(`jittered: factor must be between 0 and 1, got ${String(factor)}`);
  }
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      const r = Math.random();
      return rebuild(
        state,
        input,
        d,
        Duration.millis(Duration.toMillis(d.delay) * (1 - factor + r * factor * 2)),
        d.output,
      );
    });
}

/** Adds a random extra delay in `[0, maxExtra)`. */
export function addDelay<In, Out>(maxExtra: DurationT): Combinator<In, Out> {
  assertDuration("addDelay", "maxExtra", maxExtra);
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      return rebuild(
        state,
        input,
        d,
        Duration.add(d.delay, Duration.millis(Math.random() * Duration.toMillis(maxExtra))),
        d.output,
      );
    });
}

/** Maps each output. */
export function map<In, Out, NewOut>(fn: (output: Out) => NewOut): Combinator<In, Out, NewOut> {
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return done();
      return rebuild(state, input, d, d.delay, fn(d.output));
    });
}

/** Calls `fn(output, state)` on every Continue (state before advancing). */
export function tap<In, Out>(fn: (output: Out, state: ScheduleState) => void): Combinator<In, Out> {
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Continue") fn(d.output, state);
      return d;
    });
}

/** Replaces each delay with `fn(delay, output)`. */
export function modifyDelay<In, Out>(
  fn: (delay: DurationT, output: Out) => DurationT,
): Combinator<In, Out> {
  return (s) =>
    wrap(s.initial, (input, state) => {
      const d = s.step(input, state);
      if (d._tag === "Done") return d;
      return rebuild(state, input, d, fn(d.delay, d.output), d.output);
    });
}
