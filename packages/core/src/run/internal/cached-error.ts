import type { StepFailureMeta } from "../early-exit";
import type { Result } from "../../result/result";

/** @internal The `cause` a cached failure carries, so replay knows how the step failed. */
export type CachedMeta = { __cachedMeta: true; originalCause: unknown; meta: StepFailureMeta };

/**
 * @internal The cached form of a completed step (a resume entry's `result` and `meta`): an ok
 * Result as it is, a failure with its cause and meta encoded together (also what `onAfterStep`
 * receives as `result`). A failure without meta counts as a returned `Err`.
 */
export function toCached(
  result: Result<unknown, unknown, unknown>,
  meta: StepFailureMeta | undefined,
): Result<unknown, unknown, unknown> {
  if (result.ok) return result;
  const cause: CachedMeta = {
    __cachedMeta: true,
    originalCause: result.cause,
    meta: meta ?? { origin: "result", resultCause: result.cause },
  };
  return { ok: false, error: result.error, cause };
}

/** @internal Recovers the failure meta from a cached error's cause (a plain user `Err` counts as a result failure). */
export function decodeCachedMeta(cause: unknown): StepFailureMeta {
  if (
    typeof cause === "object" &&
    cause !== null &&
    (cause as { __cachedMeta?: unknown }).__cachedMeta === true
  ) {
    return (cause as CachedMeta).meta;
  }
  return { origin: "result", resultCause: cause };
}
