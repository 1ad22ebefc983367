import type { Pool } from "pg";
import {
  createLockGuard,
  pollForLease,
  type AcquireOptions as PersistenceAcquireOptions,
  type LockGuard,
} from "@awaitly/persistence";
import { LockLostError } from "./errors";
import { checkPool, checkText, positiveMs, run } from "./internal/sql";
import { resolveTables, type PostgresSchemaOptions } from "./schema";

/** Options for `createPostgresLock`. */
export interface PostgresLockOptions extends PostgresSchemaOptions {
  /** Lease length in ms; a holder that stops renewing loses the lock after it. Defaults to `30000`. */
  leaseMs?: number | undefined;
  /** How often a live lease is renewed, in ms; must be below `leaseMs`. Defaults to a third of `leaseMs`. */
  renewEveryMs?: number | undefined;
  /** Called once when a lease is lost (renewal found another holder, or could not reach the database for a whole lease). Defaults to none. */
  onLost?: ((error: LockLostError) => void) | undefined;
}

/** The defaults `createPostgresLock` applies (`renewEveryMs` defaults to `leaseMs / 3`). */
export const DEFAULT_POSTGRES_LOCK_OPTIONS = { leaseMs: 30_000 } as const;

/** A held lock: renewed in the background until released or lost. */
export interface PostgresLease {
  /** The lock name passed to `acquire`. */
  readonly key: string;
  /** This holder's fencing token: larger than every earlier holder's (a decimal `bigint`). */
  readonly token: string;
  /** The lock table holding the lease row; a checkpointer fences in the database only with leases of its own table. */
  readonly lockTable: string;
  /** True once the lease is lost or released. */
  readonly lost: boolean;
  /** Aborted (with a `LockLostError` reason) when the lease is lost. */
  readonly signal: AbortSignal;
  /** Throws the `LockLostError` when the lease is lost, released, or past `leaseMs` since its last renewal on this process's clock. */
  assertHeld(): void;
  /** Stops renewal and deletes the lock row only if this token still holds it; resolves whether it did. */
  release(): Promise<boolean>;
}

/** Options for `PostgresLock.acquire`. */
export type AcquireOptions = PersistenceAcquireOptions;

/** A `shouldRun` gate bound to one lock name, plus access to the lease it took. */
export type PostgresLockGuard = LockGuard<PostgresLease>;

/** A lease lock on a PostgreSQL row: expiry by the database clock, strictly increasing fencing tokens. */
export interface PostgresLock {
  acquire(key: string, options?: AcquireOptions): Promise<PostgresLease | undefined>;
  guard(key: string, options?: AcquireOptions): PostgresLockGuard;
}

/**
 * Creates a lease lock so only one process runs a given workflow run at a time. Each acquisition
 * draws a new token from a sequence, so a checkpoint write carrying an older token is refused.
 * @example
 * const guard = createPostgresLock(pool).guard(`order:${id}`, { waitMs: 30_000 });
 * const workflow = createWorkflow(deps, { ...checkpoints.forRun(id, { fence: guard }), shouldRun: guard.shouldRun });
 * try { await workflow(fn); } finally { await guard.release(); }
 */
export function createPostgresLock(pool: Pool, options: PostgresLockOptions = {}): PostgresLock {
  const where = "createPostgresLock";
  checkPool(where, pool);
  const t = resolveTables(where, options);
  const leaseMs = Math.ceil(
    positiveMs(where, "leaseMs", options.leaseMs ?? DEFAULT_POSTGRES_LOCK_OPTIONS.leaseMs),
  );
  const renewEveryMs = positiveMs(where, "renewEveryMs", options.renewEveryMs ?? leaseMs / 3);
  if (renewEveryMs >= leaseMs) {
    throw new RangeError(
      `${where}: option "renewEveryMs" (${renewEveryMs}) must be below "leaseMs" (${leaseMs})`,
    );
  }
  const onLost = options.onLost;
  const expiry = `clock_timestamp() + $2::int * interval '1 millisecond'`;

  const startLease = (key: string, token: string, sentAt: number): PostgresLease => {
    const controller = new AbortController();
    let lost = false;
    // When the last successful acquire/renew was sent, on the monotonic clock (a wall-clock jump
    // must not move the deadline): the lease surely holds until this + leaseMs.
    let lastRenewed = sentAt;
    let lostError: LockLostError | undefined;

    const lose = (reason: string, cause?: unknown): void => {
      if (lost) return;
      lost = true;
      clearInterval(timer);
      lostError = new LockLostError(key, reason, { cause });
      controller.abort(lostError);
      onLost?.(lostError);
    };

    const renew = async (): Promise<void> => {
      const sent = performance.now();
      try {
        const { rowCount } = await run(
          pool,
          "lock.renew",
          key,
          `UPDATE ${t.locks} SET expires_at = ${expiry}
           WHERE name = $1 AND token = $3::bigint AND expires_at > clock_timestamp()`,
          [key, leaseMs, token],
        );
        if (lost) return;
        if (rowCount === 1) lastRenewed = sent;
        else lose("another holder has it, or it expired before renewal");
      } catch (cause) {
        // Unreachable database: we may still hold it, until a whole lease passes without a renewal.
        if (performance.now() - lastRenewed >= leaseMs)
          lose("the database could not be reached to renew it", cause);
      }
    };
    const timer = setInterval(() => void renew(), renewEveryMs);
    (timer as { unref?: () => void }).unref?.();

    return {
      key,
      token,
      lockTable: t.locks,
      get lost() {
        return lost;
      },
      signal: controller.signal,
      assertHeld() {
        // Past the deadline the database may already have handed the lock on, renewal or not.
        if (!lost && performance.now() - lastRenewed >= leaseMs)
          lose("its lease ran out before it was renewed");
        if (lost) throw lostError ?? new LockLostError(key, "it was released");
      },
      async release() {
        if (lost) return false;
        lost = true;
        lostError = new LockLostError(key, "it was released");
        clearInterval(timer);
        const { rowCount } = await run(
          pool,
          "lock.release",
          key,
          `DELETE FROM ${t.locks} WHERE name = $1 AND token = $2::bigint`,
          [key, token],
        );
        return rowCount === 1;
      },
    };
  };

  const acquire = async (
    key: string,
    acquireOptions: AcquireOptions = {},
  ): Promise<PostgresLease | undefined> => {
    checkText("PostgresLock.acquire", "key", key);
    return pollForLease("PostgresLock.acquire", acquireOptions, async (sentAt) => {
      // One statement: insert, or take over an expired row; the row lock makes concurrent tries queue.
      const { rows } = await run<{ token: string }>(
        pool,
        "lock.acquire",
        key,
        `INSERT INTO ${t.locks} AS l (name, token, expires_at)
         VALUES ($1, nextval('${t.fence}'), ${expiry})
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
           WHERE l.expires_at <= clock_timestamp()
         RETURNING token::text AS token`,
        [key, leaseMs],
      );
      const token = rows[0]?.token;
      return token !== undefined ? startLease(key, token, sentAt) : undefined;
    });
  };

  return {
    acquire,
    guard: (key, acquireOptions) => createLockGuard(acquire, key, acquireOptions),
  };
}
