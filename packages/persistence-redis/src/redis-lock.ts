import type { Redis } from "ioredis";
import {
  assertWellFormedText,
  createLockGuard,
  pollForLease,
  type AcquireOptions as PersistenceAcquireOptions,
  type LockGuard,
} from "@awaitly/persistence";
import { LockLostError } from "./errors";
import { createBounded, positiveMs, runScript, stringOption } from "./internal/call";

/** Options for `createRedisLock`. */
export interface RedisLockOptions {
  /** Prepended to every lock key. Defaults to `"awaitly:lock:"`. */
  prefix?: string | undefined;
  /** Lease length in ms; a holder that stops renewing loses the lock after it. Defaults to `30000`. */
  leaseMs?: number | undefined;
  /** How often a live lease is renewed, in ms; must be below `leaseMs`. Defaults to a third of `leaseMs`. */
  renewEveryMs?: number | undefined;
  /** Milliseconds before a Redis call fails with `RedisPersistenceError`. Defaults to `5000`. */
  timeoutMs?: number | undefined;
  /** Called once when a lease is lost (renewal found another holder, or could not reach Redis for a whole lease). Defaults to none. */
  onLost?: ((error: LockLostError) => void) | undefined;
}

/** The defaults `createRedisLock` applies (`renewEveryMs` defaults to `leaseMs / 3`). */
export const DEFAULT_REDIS_LOCK_OPTIONS = {
  prefix: "awaitly:lock:",
  leaseMs: 30_000,
  timeoutMs: 5000,
} as const;

/** A held lock: renewed in the background until released or lost. */
export interface RedisLease {
  /** The lock name passed to `acquire`. */
  readonly key: string;
  /** The Redis key holding the token. */
  readonly redisKey: string;
  /** This holder's random token. */
  readonly token: string;
  /** True once the lease is lost, released, or past its local deadline. */
  readonly lost: boolean;
  /** Aborted (with a `LockLostError` reason) when the lease is lost or reaches its local deadline. */
  readonly signal: AbortSignal;
  /**
   * Throws the `LockLostError` when the lease is no longer held, including when `leaseMs` has
   * passed since the last renewal was sent (checked on this process's clock, so a holder that was
   * paused notices before Redis is asked).
   */
  assertHeld(): void;
  /** Stops renewal and deletes the lock only if this token still holds it; resolves whether it did. */
  release(): Promise<boolean>;
}

/** Options for `RedisLock.acquire`. */
export type AcquireOptions = PersistenceAcquireOptions;

/** A `shouldRun` gate bound to one lock name, plus access to the lease it took. */
export type RedisLockGuard = LockGuard<RedisLease>;

/** A distributed mutex on Redis: SET NX PX with a random token, renewal, compare-and-delete release. */
export interface RedisLock {
  acquire(key: string, options?: AcquireOptions): Promise<RedisLease | undefined>;
  guard(key: string, options?: AcquireOptions): RedisLockGuard;
}

const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

/**
 * Creates a lease lock so only one process runs a given workflow run at a time.
 * @example
 * const guard = createRedisLock(redis, { leaseMs: 10_000 }).guard(`order:${id}`, { waitMs: 30_000 });
 * const workflow = createWorkflow(deps, { ...checkpointer.forRun(id, { guard }), shouldRun: guard.shouldRun });
 * try { await workflow(fn); } finally { await guard.release(); }
 */
export function createRedisLock(redis: Redis, options: RedisLockOptions = {}): RedisLock {
  const where = "createRedisLock";
  if (typeof redis !== "object" || redis === null || typeof redis.set !== "function") {
    throw new TypeError(
      `${where}: expected an ioredis client, got ${redis === null ? "null" : typeof redis}`,
    );
  }
  const prefix = stringOption(where, "prefix", options.prefix ?? DEFAULT_REDIS_LOCK_OPTIONS.prefix);
  const leaseMs = Math.ceil(
    positiveMs(where, "leaseMs", options.leaseMs ?? DEFAULT_REDIS_LOCK_OPTIONS.leaseMs),
  );
  const renewEveryMs = positiveMs(where, "renewEveryMs", options.renewEveryMs ?? leaseMs / 3);
  if (renewEveryMs >= leaseMs) {
    throw new RangeError(
      `${where}: option "renewEveryMs" (${renewEveryMs}) must be below "leaseMs" (${leaseMs})`,
    );
  }
  const timeoutMs = positiveMs(
    where,
    "timeoutMs",
    options.timeoutMs ?? DEFAULT_REDIS_LOCK_OPTIONS.timeoutMs,
  );
  const call = createBounded(timeoutMs);
  const onLost = options.onLost;

  const startLease = (key: string, redisKey: string, token: string, sentAt: number): RedisLease => {
    const controller = new AbortController();
    let lost = false;
    // Redis expires the key leaseMs after it ran the command, which is after we sent it: counting
    // from the send time, this deadline is never later than Redis' own. Monotonic, so a wall-clock
    // jump neither ends the lease early nor lets it outlive Redis' expiry.
    let deadline = sentAt + leaseMs;
    let lostError: LockLostError | undefined;

    const lose = (reason: string, cause?: unknown): void => {
      if (lost) return;
      lost = true;
      clearInterval(timer);
      clearTimeout(expiry);
      lostError = new LockLostError(key, reason, { cause });
      controller.abort(lostError);
      onLost?.(lostError);
    };
    let ranOut = false;
    const expired = (): void => {
      ranOut = !lost;
      lose(`its ${leaseMs} ms lease ran out before a renewal landed`);
    };
    const unref = (handle: unknown): void => (handle as { unref?: () => void }).unref?.();
    let expiry = setTimeout(expired, leaseMs);
    unref(expiry);

    const renew = async (): Promise<void> => {
      const sent = performance.now();
      try {
        const renewed = await call("lock.renew", key, () =>
          runScript(redis, RENEW, [redisKey], [token, leaseMs]),
        );
        if (lost) return;
        if (Number(renewed) !== 1) {
          lose("another holder has it, or it expired before renewal");
          return;
        }
        deadline = sent + leaseMs;
        clearTimeout(expiry);
        expiry = setTimeout(expired, Math.max(0, deadline - performance.now()));
        unref(expiry);
      } catch (cause) {
        // Unreachable Redis: we may still hold it, until a whole lease passes without a renewal.
        if (performance.now() >= deadline) lose("Redis could not be reached to renew it", cause);
      }
    };
    const timer = setInterval(() => void renew(), renewEveryMs);
    unref(timer);

    return {
      key,
      redisKey,
      token,
      get lost() {
        if (!lost && performance.now() >= deadline) expired();
        return lost;
      },
      signal: controller.signal,
      assertHeld() {
        if (!lost && performance.now() >= deadline) expired();
        if (lost) throw lostError ?? new LockLostError(key, "it was released");
      },
      async release() {
        // A lease that ran out on our clock may still be ours in Redis: delete it if so.
        if (lost && !ranOut) return false;
        lost = true;
        lostError = new LockLostError(key, "it was released");
        clearInterval(timer);
        clearTimeout(expiry);
        const deleted = await call("lock.release", key, () =>
          runScript(redis, RELEASE, [redisKey], [token]),
        );
        return Number(deleted) === 1;
      },
    };
  };

  const acquire = async (
    key: string,
    acquireOptions: AcquireOptions = {},
  ): Promise<RedisLease | undefined> => {
    assertWellFormedText("RedisLock.acquire", "key", key);
    const redisKey = `${prefix}${key}`;
    const token = crypto.randomUUID();
    return pollForLease("RedisLock.acquire", acquireOptions, async (sentAt) => {
      const answer = await call("lock.acquire", key, () =>
        redis.set(redisKey, token, "PX", leaseMs, "NX"),
      );
      return answer === "OK" ? startLease(key, redisKey, token, sentAt) : undefined;
    });
  };

  return {
    acquire,
    guard: (key, acquireOptions) => createLockGuard(acquire, key, acquireOptions),
  };
}
