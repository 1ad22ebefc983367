import type { Result, ResumeState } from "@awaitly/core";

/**
 * BullMQ's job lock, shaped as a lease so a checkpointer can fence its writes with it: a write
 * lands only while `redisKey` still holds `token`.
 */
export interface JobLockFence {
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

/** What the worker needs from a checkpointer; `createRedisCheckpointer` satisfies it. */
export interface RunCheckpointer {
  /** Hooks for one run, with writes fenced by the job lock. */
  forRun(
    runId: string,
    options: { fence: JobLockFence },
  ): {
    resumeState: () => Promise<ResumeState>;
    onAfterStep: (stepKey: string, result: Result<unknown, unknown, unknown>) => Promise<void>;
    /** Deletes a step `step.invalidate` forgot (a compensated saga step), fenced. Defaults to none. */
    onStepInvalidated?: ((stepKey: string) => Promise<void>) | undefined;
  };
  /**
   * Seconds a run's checkpoints live after its latest one (`0` or absent: until deleted). When it is
   * positive and at most the worker's `runTtlSeconds`, finished runs' checkpoints are left to
   * expire; otherwise the worker deletes them once the run's outcome is stored.
   */
  readonly ttl?: number | undefined;
  /** Deletes a finished run's checkpoints. */
  delete(runId: string): Promise<boolean>;
  /**
   * The Redis key holding a run's checkpoints, when they live in Redis: on Redis Cluster the worker
   * checks with it that a checkpoint and the job lock share a hash tag, and refuses to start if not.
   */
  keyOf?(runId: string): string;
}
