import { describeValue } from "../run/internal/bad-input";
import type { StepFailureMeta } from "../run/early-exit";
import { hydrate } from "../result/hydrate";
import { toCached } from "../run/internal/cached-error";
import { ResumeStateError } from "../run/misuse-errors";
import type { Result } from "../result/result";
import type { StepCache } from "../run/step-cache";
import type { ResumeState } from "./types";
import type { LoadedOrder } from "../run/internal/step-order";

/**
 * @internal Writes every resumed step into the cache. Malformed state throws a `ResumeStateError`
 * naming the bad key; every entry is checked before the first is written, so a bad state leaves
 * the cache untouched. Returns the entries, whose `order` is now known to be well formed.
 */
export function loadResumeState(state: ResumeState, cache: StepCache): LoadedOrder {
  const steps = (state as { steps?: unknown } | null | undefined)?.steps;
  if (!(steps instanceof Map)) {
    throw new ResumeStateError(
      undefined,
      `resumeState: steps must be a Map (parse JSON with parseState), got ${describeValue(steps)}`,
    );
  }
  const valid: [string, Result<unknown, unknown, unknown>, StepFailureMeta | undefined][] = [];
  for (const [key, entry] of steps as Map<unknown, unknown>) {
    if (typeof key !== "string" || key === "") {
      throw new ResumeStateError(
        undefined,
        `resumeState: keys must be non-empty strings, got ${describeValue(key)}`,
      );
    }
    const result =
      typeof entry === "object" && entry !== null
        ? (entry as { result?: unknown }).result
        : undefined;
    // `null` when the result is bad, so one check covers both fields.
    const meta = hydrate(result) ? (entry as { meta?: unknown }).meta : null;
    if (meta !== undefined && !isFailureMeta(meta)) {
      throw new ResumeStateError(
        key,
        `resumeState: "${key}" must be { result: Result, meta?: StepFailureMeta }, got ${describeValue(entry)}`,
      );
    }
    const order = (entry as { order?: unknown }).order;
    if (order !== undefined && !(Number.isSafeInteger(order) && (order as number) >= 0)) {
      throw new ResumeStateError(
        key,
        `resumeState: "${key}".order must be a non-negative integer, got ${describeValue(order)}`,
      );
    }
    valid.push([key, result as Result<unknown, unknown, unknown>, meta]);
  }
  for (const [key, result, meta] of valid) cache.set(key, toCached(result, meta));
  return steps as LoadedOrder;
}

function isFailureMeta(value: unknown): value is StepFailureMeta {
  if (typeof value !== "object" || value === null) return false;
  const origin = (value as { origin?: unknown }).origin;
  return origin === "result" || (origin === "throw" && "thrown" in value);
}
