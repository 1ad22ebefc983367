import type { StepOptions, TimeoutOptions } from "@awaitly/core";
import { assertTimeout } from "./internal/validate";
import type { Policy } from "./types";

/** A policy carrying exactly this timeout configuration (the same object). */
export function timeoutPolicy(options: TimeoutOptions): Policy {
  return { timeout: options };
}

/** Timeout presets and factories. */
export const timeoutPolicies: {
  readonly none: Policy;
  readonly fast: Partial<StepOptions>;
  readonly api: Partial<StepOptions>;
  readonly extended: Partial<StepOptions>;
  readonly long: Partial<StepOptions>;
  readonly ms: (ms: number) => Policy;
  readonly seconds: (seconds: number) => Policy;
  readonly withError: <E>(ms: number, error: E) => Policy;
  readonly withSignal: (ms: number) => Policy;
} = {
  none: {},
  fast: { timeout: { ms: 1000 } },
  api: { timeout: { ms: 5000 } },
  extended: { timeout: { ms: 30000 } },
  long: { timeout: { ms: 120000 } },
  ms(ms) {
    assertTimeout("timeoutPolicies.ms", ms);
    return { timeout: { ms } };
  },
  seconds(seconds) {
    assertTimeout("timeoutPolicies.seconds", seconds * 1000);
    return { timeout: { ms: seconds * 1000 } };
  },
  withError(ms, error) {
    assertTimeout("timeoutPolicies.withError", ms);
    return { timeout: { ms, error } };
  },
  withSignal(ms) {
    assertTimeout("timeoutPolicies.withSignal", ms);
    return { timeout: { ms, signal: true } };
  },
};
