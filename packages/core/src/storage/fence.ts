/**
 * A lease as a checkpoint policy sees it: the lock it holds, its fencing token, and a local check.
 * Stores may require more (Redis wants `redisKey`, PostgreSQL its `lockTable`) to fence inside the
 * write itself; a fence they cannot check there is checked on this process's clock only.
 */
export interface Fence {
  /** The lock name (usually the run id). */
  readonly key: string;
  /** This holder's fencing token. */
  readonly token: string;
  /** True once the holder knows it lost the lease. */
  readonly lost: boolean;
  /** Throws (a `LockLostError`, by convention) when the lease is known to be lost. */
  assertHeld(): void;
}

/**
 * What a run is fenced with: a lease, or a lock guard whose lease is read at each check (it is
 * taken by `shouldRun`, after the hooks were built). `undefined` there means no lease is held.
 */
export type FenceSource<TFence extends Fence = Fence> =
  TFence | { readonly lease: TFence | undefined };
