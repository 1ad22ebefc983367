import { Queue } from "bullmq";
import { bullNameOf, queueKeys, VERSION_FIELD, type QueueKeys, type RunJobData } from "./keys";
import type { RedisClient } from "./option-checks";

/** @internal Where a run's job lives: its version's BullMQ queue, and the keys of its job and lock. */
export type RunPlace = {
  /** The version whose BullMQ queue holds the job (`undefined`: the queue's own). */
  readonly version: string | undefined;
  readonly queue: Queue<RunJobData>;
  readonly keys: QueueKeys;
};

/** @internal BullMQ queues of workflow queues (a child's, a parent's, a version's), made once each. */
export interface QueueCache {
  /** The BullMQ queue `name` under `prefix`, on the owner's connection. */
  get(prefix: string, name: string): Queue<RunJobData>;
  /** The place of the runs of `version` of the workflow queue `name`. */
  at(prefix: string, name: string, version: string | null | undefined): RunPlace;
  /** The place of a run, from the version its record names (none: the queue's own). */
  placeOf(prefix: string, name: string, runId: string): Promise<RunPlace>;
  /** Closes the queues made (the connection stays open). */
  close(): Promise<void>;
}

/** @internal Creates a cache of BullMQ queues sharing one connection. */
export function createQueueCache(redis: RedisClient): QueueCache {
  const queues = new Map<string, Queue<RunJobData>>();
  const get = (prefix: string, name: string): Queue<RunJobData> => {
    const id = `${prefix}\u0000${name}`;
    let queue = queues.get(id);
    if (queue === undefined) {
      queue = new Queue<RunJobData>(name, { connection: redis, prefix });
      queues.set(id, queue);
    }
    return queue;
  };
  const at = (prefix: string, name: string, version: string | null | undefined): RunPlace => ({
    version: version ?? undefined,
    queue: get(prefix, bullNameOf(name, version)),
    keys: queueKeys(prefix, name, version),
  });
  return {
    get,
    at,
    // A run's version never changes once enqueued, so reading it before acting on its job is safe.
    placeOf: async (prefix, name, runId) =>
      at(prefix, name, await redis.hget(queueKeys(prefix, name).record(runId), VERSION_FIELD)),
    async close() {
      const all = [...queues.values()];
      queues.clear();
      await Promise.all(all.map((queue) => queue.close()));
    },
  };
}
