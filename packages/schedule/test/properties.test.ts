import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Duration,
  addDelay,
  delays,
  exponential,
  jittered,
  linear,
  maxDelay,
  minDelay,
  recurs,
  run,
  spaced,
  upTo,
  upToElapsed,
  union,
  andThen,
  type ScheduleState,
} from "@awaitly/schedule";

const base = fc.integer({ min: 1, max: 10_000 });

describe("schedule properties", () => {
  it("jitter stays inside [d·(1−f), d·(1+f)]", () => {
    fc.assert(
      fc.property(base, fc.double({ min: 0, max: 1, noNaN: true }), (b, f) => {
        for (const d of delays(jittered(f)(upTo(10)(exponential(Duration.millis(b)))), 10).map(
          (x, i) => [x.millis, b * 2 ** i] as const,
        )) {
          const [got, plain] = d;
          expect(got).toBeGreaterThanOrEqual(plain * (1 - f) - 1e-6);
          expect(got).toBeLessThanOrEqual(plain * (1 + f) + 1e-6);
        }
      }),
    );
  });

  it("maxDelay and minDelay bound every delay", () => {
    fc.assert(
      fc.property(base, base, base, (b, lo, hi) => {
        const [min, max] = lo <= hi ? [lo, hi] : [hi, lo];
        const s = minDelay(Duration.millis(min))(
          maxDelay(Duration.millis(max))(linear(Duration.millis(b))),
        );
        for (const d of delays(s, 20)) {
          expect(d.millis).toBeLessThanOrEqual(Math.max(max, min));
          expect(d.millis).toBeGreaterThanOrEqual(min);
        }
      }),
    );
  });

  it("addDelay adds less than its maximum", () => {
    fc.assert(
      fc.property(base, base, (b, extra) => {
        for (const d of delays(addDelay(Duration.millis(extra))(spaced(Duration.millis(b))), 10)) {
          expect(d.millis).toBeGreaterThanOrEqual(b);
          expect(d.millis).toBeLessThan(b + extra);
        }
      }),
    );
  });

  it("upTo and recurs stop exactly when specified, even around composites", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (n, m) => {
        expect(delays(recurs(n), 200)).toHaveLength(n);
        expect(delays(upTo(n)(spaced(Duration.millis(1))), 200)).toHaveLength(n);
        expect(delays(upTo(n)(andThen(recurs(m))(recurs(m))), 500)).toHaveLength(
          Math.min(n, 2 * m),
        );
        expect(delays(maxDelay(Duration.millis(5))(union(recurs(n), recurs(m))), 500)).toHaveLength(
          Math.max(n, m),
        );
      }),
    );
  });

  it("upToElapsed stops once the handed-out total reaches the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (step, limit) => {
          const out = delays(
            upToElapsed(Duration.millis(limit))(spaced(Duration.millis(step))),
            20_000,
          );
          const total = out.reduce((sum, d) => sum + d.millis, 0);
          expect(total).toBeGreaterThanOrEqual(limit);
          expect(total - step).toBeLessThan(limit);
        },
      ),
    );
  });

  it("stepping is deterministic for a given state", () => {
    fc.assert(
      fc.property(base, fc.integer({ min: 0, max: 30 }), (b, i) => {
        const s = maxDelay(Duration.seconds(5))(
          union(exponential(Duration.millis(b)), spaced(Duration.seconds(1))),
        );
        let state: ScheduleState = s.initial;
        const r = run(s);
        for (let k = 0; k < i; k++) r.next(undefined);
        // Replaying the same number of steps from the initial state yields the same decisions.
        for (let k = 0; k < i; k++) {
          const d = s.step(undefined, state);
          if (d._tag === "Done") break;
          expect(s.step(undefined, state)).toEqual(d);
          state = d.nextState ?? state;
        }
      }),
    );
  });
});
