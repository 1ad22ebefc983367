import { err, RunCancelledError } from "@awaitly/core";
import { CANCEL_RUN } from "../scripts/cancel-run-4.lua";
import { jobIdOf } from "./keys";
import { notifyParent } from "./notify-parent";
import type { RedisClient } from "./option-checks";
import type { QueueCache } from "./queue-cache";
import { runScript } from "./run-script";
import type { WaitTracer } from "./wait-tracer";
import { encodeOutcome } from "./wire";

/** @internal What cancelling a run of one queue needs. */
export type CancelTarget = {
  readonly redis: RedisClient;
  readonly prefix: string;
  /** The workflow queue's name (its runs' jobs are in their versions' BullMQ queues). */
  readonly name: string;
  readonly runTtl: number;
  readonly cache: QueueCache;
  /** Ends a parked run's wait span as `cancelled`, when the queue traces waits. */
  readonly waits?: WaitTracer | undefined;
};

/** @internal What the cancel's compare-and-set answered, and the state of a finished run. */
export type CancelAnswer = {
  answer: "unknown" | "finished" | "active" | "stopped";
  state?: string;
};

/**
 * @internal Cancels a run from any process, one compare-and-set with its completion (`cancel-run-4`, which
 * also moves its run-list index entries):
 * an active run is told on the cancel channel, a waiting, delayed or parked one ends cancelled at
 * once (its job removed; a child run wakes its parent). Its child runs, whatever their queue, are
 * cancelled with it.
 */
export async function cancelRun(target: CancelTarget, runId: string): Promise<CancelAnswer> {
  const { redis, runTtl } = target;
  const { keys, queue } = await target.cache.placeOf(target.prefix, target.name, runId);
  const jobId = jobIdOf(runId);
  const cancelled = JSON.stringify(encodeOutcome(err(new RunCancelledError(runId))));
  // The park's details go with the cancel: read them first (only when waits are traced).
  const park = target.waits === undefined ? undefined : await redis.hget(keys.record(runId), "pm");
  const [answer, state] = (await runScript(
    redis,
    CANCEL_RUN,
    [keys.record(runId), keys.job(jobId), keys.lock(jobId), keys.index],
    [cancelled, runTtl || 7 * 24 * 3600, jobId, Date.now()],
  )) as [CancelAnswer["answer"], string | undefined];
  if (answer === "unknown" || answer === "finished") {
    return state === undefined ? { answer } : { answer, state };
  }
  if (answer === "active") {
    await redis.publish(keys.cancelChannel, runId);
  } else {
    // Its record ends it: a worker that takes the job before it is removed finds the outcome.
    const job = await queue.getJob(jobId);
    await queue.remove(jobId).catch(() => 0);
    target.waits?.cancelled(runId, target.name, park);
    const parent = job?.data.parent;
    if (parent !== undefined) await notifyParent(redis, target.cache, parent, runTtl);
  }
  // The flag is set before the children are read: a parent starting children reads it after
  // recording them, so one of the two sees the other.
  for (const member of await redis.smembers(keys.children(runId))) {
    const [prefix, name, childId] = JSON.parse(member) as [string, string, string];
    await cancelRun({ ...target, prefix, name }, childId);
  }
  return { answer };
}
