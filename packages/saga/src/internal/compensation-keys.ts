import type { CompensationAction } from "../types";

// The checkpointed step keys behind a compensation `runSagaStep` wrapped, so `aroundCompensation`
// can name them without widening the compensation's signature.
const KEYS = new WeakMap<object, readonly string[]>();
const NONE: readonly string[] = [];

/** @internal Tags `compensate` with the step keys it undoes (filled in as the step's operation starts). */
export function withStepKeys<T>(
  keys: readonly string[],
  compensate: CompensationAction<T>,
): CompensationAction<T> {
  KEYS.set(compensate, keys);
  return compensate;
}

/** @internal The step keys a compensation undoes, or none. */
export const stepKeysOf = (compensate: object): readonly string[] => KEYS.get(compensate) ?? NONE;
