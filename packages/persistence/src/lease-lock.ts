/** Options for a lease lock's `acquire`. */
export interface AcquireOptions {
  /** Keep trying for this many ms while another holder has the lock. Defaults to `0` (one try). */
  waitMs?: number | undefined;
  /** Delay between tries while waiting, in ms. Defaults to `100`. */
  pollMs?: number | undefined;
}

/** A `shouldRun` gate bound to one lock name, plus access to the lease it took. */
export interface LockGuard<TLease> {
  /** Pass as `createWorkflow`'s `shouldRun`: resolves `true` once the lock is acquired. */
  shouldRun: () => Promise<boolean>;
  /** The lease taken by `shouldRun`, if any. */
  readonly lease: TLease | undefined;
  /** Releases the lease taken by `shouldRun` (no-op without one). */
  release(): Promise<boolean>;
}

/**
 * Calls `attempt` until it returns a lease or `waitMs` has passed, `pollMs` apart: the waiting
 * part of every store's lock `acquire`, so stores only write their one-try statement.
 * `attempt` gets the time its try was sent on the monotonic clock (`performance.now()`), from which
 * the lease's local deadline counts: a wall-clock jump (NTP, a resumed VM) neither ends a lease
 * early nor stretches it.
 */
export async function pollForLease<TLease>(
  where: string,
  options: AcquireOptions,
  attempt: (sentAt: number) => Promise<TLease | undefined>,
): Promise<TLease | undefined> {
  const waitMs = options.waitMs ?? 0;
  const pollMs = options.pollMs ?? 100;
  if (typeof waitMs !== "number" || !(waitMs >= 0)) {
    throw new RangeError(
      `${where}: option "waitMs" must be a non-negative number, got ${String(waitMs)}`,
    );
  }
  if (typeof pollMs !== "number" || !Number.isFinite(pollMs) || pollMs <= 0) {
    throw new RangeError(
      `${where}: option "pollMs" must be a positive number of milliseconds, got ${String(pollMs)}`,
    );
  }
  const deadline = performance.now() + waitMs;
  for (;;) {
    const lease = await attempt(performance.now());
    if (lease !== undefined) return lease;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
  }
}

/** A re-entrant `shouldRun` gate over any store's `acquire`: a guard still holding its lease lets the next invocation through. */
export function createLockGuard<
  TLease extends { readonly lost: boolean; release(): Promise<boolean> },
>(
  acquire: (key: string, options?: AcquireOptions) => Promise<TLease | undefined>,
  key: string,
  options?: AcquireOptions,
): LockGuard<TLease> {
  let lease: TLease | undefined;
  return {
    async shouldRun() {
      if (lease !== undefined && !lease.lost) return true;
      lease = await acquire(key, options);
      return lease !== undefined;
    },
    get lease() {
      return lease;
    },
    release: () => lease?.release() ?? Promise.resolve(false),
  };
}
