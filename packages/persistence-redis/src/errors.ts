import { hasType } from "@awaitly/core";

/** The Redis-backed operation that failed. */
export type RedisOperation =
  | "get"
  | "set"
  | "compareAndSet"
  | "delete"
  | "exists"
  | "keys"
  | "checkpoint.save"
  | "checkpoint.load"
  | "checkpoint.delete"
  | "checkpoint.list"
  | "lock.acquire"
  | "lock.renew"
  | "lock.release";

/** A Redis call failed or did not answer within `timeoutMs`; `operation` names the call. */
export class RedisPersistenceError extends Error {
  readonly type = "REDIS_PERSISTENCE_ERROR" as const;
  override readonly name = "RedisPersistenceError";
  readonly operation: RedisOperation;
  readonly key: string | undefined;
  readonly timedOut: boolean;

  constructor(
    operation: RedisOperation,
    key: string | undefined,
    options: { cause?: unknown; timeoutMs?: number | undefined },
  ) {
    const timedOut = options.timeoutMs !== undefined;
    const what = key === undefined ? operation : `${operation} (${key})`;
    super(
      timedOut
        ? `Redis ${what} got no answer within ${String(options.timeoutMs)} ms; check that Redis is reachable`
        : `Redis ${what} failed: ${describe(options.cause)}`,
      { cause: options.cause },
    );
    this.operation = operation;
    this.key = key;
    this.timedOut = timedOut;
  }
}

/** True when `error` is a `RedisPersistenceError` (checks `type`). */
export function isRedisPersistenceError(error: unknown): error is RedisPersistenceError {
  return hasType(error, "REDIS_PERSISTENCE_ERROR");
}

// One error for every store's lock, so `instanceof` and the guard agree across adapters.
export { LockLostError, isLockLostError } from "@awaitly/persistence";

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
