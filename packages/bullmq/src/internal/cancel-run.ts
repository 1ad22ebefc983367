import { err } from "@awaitly/core";
import type { Queue } from "bullmq";
import { RunCancelledError } from "../errors";
import { jobIdOf, queueKeys, type RunJobData } from "./keys";
import { notifyParent } from "./notify-parent";
import type { RedisClient } from "./option-checks";
import { readRun } from "./outcome-waiter";
import type { QueueCache } from "./queue-cache";
import { encodeOutcome } from "./wire";

/** @internal What cancelling a run of one queue needs. */
export type CancelTarget = {
  readonly redis: RedisClient;
  readonly queue: Queue<RunJobData>;
  readonly prefix: string;
  readonly runTtl: number;
  readonly cache: QueueCache;
};

/**
 * @internal Cancels a run from any process: a waiting or delayed run is removed and given its
 * cancelled outcome, an active one is told on the cancel channel. Its child runs are cancelled with
 * it (whatever their queue), and a cancelled child wakes its parent. Resolves whether a run that
 * had not finished was found.
 */
export async function cancelRun(target: CancelTarget, runId: string): Promise<boolean> {
  const { redis, queue, runTtl } = target;
  const keys = queueKeys(target.prefix, queue.name);
  const record = keys.record(runId);
  const run = await readRun(redis, keys, runTtl, runId);
  if (run.outcome !== null) return false;
  const job = await queue.getJob(jobIdOf(runId));
  if (job === undefined && run.hash === null) return false;
  // Finished between the two reads: a completed job must not be removed.
  if (job?.finishedOn !== undefined) return false;
  // Set before the children are read: a parent starting children reads it after adding them.
  await redis.hset(record, "x", "1");
  try {
    // Only waiting and delayed jobs can be removed; an active one is locked by its worker.
    if (job !== undefined) await job.remove();
    await redis
      .multi()
      .hset(record, "o", JSON.stringify(encodeOutcome(err(new RunCancelledError(runId)))))
      .expire(record, runTtl || 7 * 24 * 3600)
      .exec();
    const parent = job?.data.parent;
    if (parent !== undefined) await notifyParent(redis, target.cache, parent, runTtl);
  } catch {
    await redis.publish(keys.cancelChannel, runId);
  }
  for (const member of await redis.smembers(keys.children(runId))) {
    const [prefix, name, childId] = JSON.parse(member) as [string, string, string];
    await cancelRun({ ...target, prefix, queue: target.cache.get(prefix, name) }, childId);
  }
  return true;
}
