import { FAIR_ACQUIRE } from "../scripts/fair-acquire-1.lua";
import { FAIR_DISPATCH } from "../scripts/fair-dispatch-1.lua";
import { FAIR_ENQUEUE } from "../scripts/fair-enqueue-1.lua";
import { jobIdOf, queueKeys, runIdOf } from "./keys";
import type { RedisClient } from "./option-checks";
import type { QueueCache } from "./queue-cache";
import { runScript } from "./run-script";
import { addStoredJob, type StoredJob } from "./stored-job";

/** @internal Per-key fair dispatch of one queue: waiting lists, slots and the round-robin ring. */
export interface FairDispatcher {
  /**
   * Queues a run under its concurrency key (its record holds its input, job options and `limit`:
   * it starts only while its key has fewer active runs).
   */
  push(runId: string, key: string, input: unknown, job: StoredJob, limit: number): Promise<void>;
  /** Moves the runs whose key has a free slot into the BullMQ queue; resolves how many. */
  dispatch(): Promise<number>;
  /** Takes the slot of a run that starts; false when it must wait (its job is then gated). */
  acquire(jobId: string, key: string): Promise<boolean>;
  /** Gives up a run's slot (it parked or ended) and dispatches the next runs. */
  release(jobId: string, key: string): Promise<void>;
  /** Keeps a parked run's slot through its park (`parkedRunsHoldSlot`). */
  hold(jobId: string, key: string, until: number): Promise<void>;
}

/** How long a slot taken by a dispatcher may wait for its job before it is handed back. */
export const FAIR_GRACE_MS = 30_000;
const BATCH = 100;

/** @internal The fair base key of a queue (under its hash tag, like every key of the queue). */
export const fairBase = (prefix: string, name: string): string => `${prefix}:${name}:awaitly:fair`;

/**
 * @internal Creates the fair dispatcher of the workflow queue `queueName`: one per queue whatever the
 * versions, each run started in its version's BullMQ queue.
 */
export function createFairDispatcher(
  redis: RedisClient,
  cache: QueueCache,
  prefix: string,
  queueName: string,
): FairDispatcher {
  const base = fairBase(prefix, queueName);
  const keys = queueKeys(prefix, queueName);
  const start = async (jobId: string, key: string): Promise<void> => {
    const { queue } = await cache.placeOf(prefix, queueName, runIdOf(jobId));
    const job = await queue.getJob(jobId);
    if (job !== undefined) {
      // A run that woke without a slot was gated (delayed): it may go now.
      if (await job.isDelayed()) await job.promote().catch(() => {});
      return;
    }
    await addStoredJob(redis, queue, keys.record(runIdOf(jobId)), jobId, { concurrencyKey: key });
  };
  const dispatch = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const taken = (await runScript(
        redis,
        FAIR_DISPATCH,
        [`${base}:ring`],
        [base, `${prefix}:${queueName}`, Date.now(), FAIR_GRACE_MS, BATCH],
      )) as string[];
      for (let i = 0; i < taken.length; i += 2) await start(taken[i]!, taken[i + 1]!);
      total += taken.length / 2;
      if (taken.length < 2 * BATCH) return total;
    }
  };
  return {
    async push(runId, key, input, job, limit) {
      await runScript(
        redis,
        FAIR_ENQUEUE,
        [keys.record(runId)],
        [base, key, jobIdOf(runId), JSON.stringify(input), JSON.stringify(job), limit],
      );
    },
    dispatch,
    acquire: async (jobId, key) =>
      Number(
        await runScript(
          redis,
          FAIR_ACQUIRE,
          [`${base}:active:${key}`],
          [base, key, jobId, Date.now(), keys.record(runIdOf(jobId))],
        ),
      ) === 1,
    async release(jobId, key) {
      await redis.zrem(`${base}:active:${key}`, jobId);
      await dispatch();
    },
    async hold(jobId, key, until) {
      await redis.zadd(`${base}:active:${key}`, "XX", until, jobId);
    },
  };
}
