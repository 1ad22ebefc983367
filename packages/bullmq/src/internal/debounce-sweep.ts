import { DEBOUNCE_DUE } from "../scripts/debounce-due-1.lua";
import { queueKeys, runIdOf } from "./keys";
import type { RedisClient } from "./option-checks";
import type { QueueCache } from "./queue-cache";
import { runScript } from "./run-script";
import { addStoredJob } from "./stored-job";

const BATCH = 100;

/**
 * @internal Adds the job of every debounced run that is due and has none (each caller of its
 * batch died between storing its input and adding the job); resolves how many it added. Every
 * worker runs it, so a stored input reaches its run whatever happens to the process that sent it.
 */
export async function sweepDebounced(
  redis: RedisClient,
  cache: QueueCache,
  prefix: string,
  name: string,
): Promise<number> {
  const keys = queueKeys(prefix, name);
  const jobIds = (await runScript(
    redis,
    DEBOUNCE_DUE,
    [keys.debounceDue],
    [Date.now(), keys.debounce(""), `${prefix}:${name}`, BATCH],
  )) as string[];
  for (const jobId of jobIds) {
    // The job goes to the BullMQ queue of the version the run was claimed on.
    const { queue } = await cache.placeOf(prefix, name, runIdOf(jobId));
    await addStoredJob(redis, queue, keys.record(runIdOf(jobId)), jobId);
  }
  return jobIds.length;
}
