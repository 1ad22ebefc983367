import { causeOfMeta, type StepFailureMeta } from "../early-exit";
import type { Err } from "../../result/result";

/** @internal The `cause` a cached failure carries, so replay knows how the step failed. */
export type CachedMeta = { __cachedMeta: true; originalCause: unknown; meta: StepFailureMeta };

/** @internal Encodes a keyed failure for the cache (and `onAfterStep`). */
export function encodeCachedError(error: unknown, meta: StepFailureMeta): Err<unknown, CachedMeta> {
  return {
    ok: false,
    error,
    cause: { __cachedMeta: true, originalCause: causeOfMeta(meta), meta },
  };
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
