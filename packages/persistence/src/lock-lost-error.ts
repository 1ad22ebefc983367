import { hasType } from "@awaitly/core";

/** The lock lease expired or was taken by another holder, so this run must stop writing. */
export class LockLostError extends Error {
  readonly type = "LOCK_LOST" as const;
  override readonly name = "LockLostError";
  readonly key: string;

  constructor(key: string, reason: string, options?: { cause?: unknown }) {
    super(`Lock "${key}" was lost: ${reason}`, options);
    this.key = key;
  }
}

/** True when `error` is a `LockLostError` from any store's lock (checks `type`). */
export function isLockLostError(error: unknown): error is LockLostError {
  return hasType(error, "LOCK_LOST");
}
