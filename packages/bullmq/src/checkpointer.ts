import type { Checkpointer, Fence } from "@awaitly/core";

/**
 * BullMQ's job lock, shaped as a lease so a checkpointer can fence its writes with it: a write
 * lands only while `redisKey` still holds `token`.
 */
export interface JobLockFence extends Fence {
  /** The run id. */
  readonly key: string;
  /** BullMQ's lock key of the job. */
  readonly redisKey: string;
  /** This worker's lock token for the job. */
  readonly token: string;
  /** True once the worker knows it lost the lock. */
  readonly lost: boolean;
  /** Aborted when the lock is lost. */
  readonly signal: AbortSignal;
  /** Throws when the lock is known to be lost. */
  assertHeld(): void;
  /** The worker releases the lock itself; this resolves `false`. */
  release(): Promise<boolean>;
}

/**
 * What the worker needs from a checkpointer: core's `Checkpointer` contract, fenced by the job
 * lock. `createRedisCheckpointer` satisfies it. When `ttl` is positive and at most the worker's
 * `runTtlSeconds`, finished runs' checkpoints are left to expire; otherwise the worker deletes them
 * once the run's outcome is stored. On Redis Cluster the worker checks with `keyOf` that a
 * checkpoint and the job lock share a hash tag, and refuses to start if not.
 */
export type RunCheckpointer = Checkpointer<JobLockFence>;
