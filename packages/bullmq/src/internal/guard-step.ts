import type { RunStep } from "@awaitly/core";

const METHODS = [
  "try",
  "fromResult",
  "parallel",
  "race",
  "allSettled",
  "retry",
  "withTimeout",
] as const;

/**
 * @internal Wraps `step` so every step (and scope) first calls `check`, which throws once the run
 * must stop (cancelled, lock lost, worker closing): a stopped run starts no further step.
 */
export function guardStep<E>(step: RunStep<E>, check: () => void): RunStep<E> {
  const call = step as unknown as (...args: unknown[]) => unknown;
  const guarded = ((...args: unknown[]) => {
    check();
    return call(...args);
  }) as unknown as RunStep<E>;
  const target = guarded as unknown as Record<string, unknown>;
  const source = step as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of METHODS) {
    const original = source[method];
    if (original === undefined) continue;
    target[method] = (...args: unknown[]) => {
      check();
      return original(...args);
    };
  }
  // Not guarded: forgetting undone work (a saga rollback) must still happen on a stopping run.
  target.invalidate = source.invalidate;
  return guarded;
}
