import { DELIVER } from "../scripts/deliver-3.lua";
import { jobIdOf, type ParentRef } from "./keys";
import type { RedisClient } from "./option-checks";
import type { QueueCache } from "./queue-cache";
import { runScript } from "./run-script";

/** @internal The record field that tells a parent parked on its children that one of them finished. */
export const CHILD_DONE_FIELD = "k";

/**
 * @internal Wakes a parent run parked on its children: flags its record (a parent still active
 * sees the flag when it parks and promotes itself) and promotes its job if it is parked (delayed).
 * A lost wake is harmless: a parked parent re-checks its children every `childRecheckMs`.
 */
export async function notifyParent(
  redis: RedisClient,
  cache: QueueCache,
  parent: ParentRef,
  runTtl: number,
): Promise<void> {
  const { keys, queue } = await cache.placeOf(parent.prefix, parent.queue, parent.runId);
  const jobKey = keys.job(jobIdOf(parent.runId));
  // Stored unless the parent ended (cancelled, finished): then nothing is left to wake.
  const [answer] = (await runScript(
    redis,
    DELIVER,
    [keys.record(parent.runId), jobKey, jobKey],
    [runTtl, CHILD_DONE_FIELD, 1, "0"],
  )) as [string];
  if (answer !== "stored") return;
  const job = await queue.getJob(jobIdOf(parent.runId));
  if (job !== undefined && (await job.isDelayed())) await job.promote().catch(() => {});
}
