import { Queue } from "bullmq";
import type { RunJobData } from "./keys";
import type { RedisClient } from "./option-checks";

/** @internal BullMQ queues of other workflow queues (a child's, a parent's), made once each. */
export interface QueueCache {
  /** The BullMQ queue `name` under `prefix`, on the owner's connection. */
  get(prefix: string, name: string): Queue<RunJobData>;
  /** Closes the queues made (the connection stays open). */
  close(): Promise<void>;
}

/** @internal Creates a cache of BullMQ queues sharing one connection. */
export function createQueueCache(redis: RedisClient): QueueCache {
  const queues = new Map<string, Queue<RunJobData>>();
  return {
    get(prefix, name) {
      const id = `${prefix}\u0000${name}`;
      let queue = queues.get(id);
      if (queue === undefined) {
        queue = new Queue<RunJobData>(name, { connection: redis, prefix });
        queues.set(id, queue);
      }
      return queue;
    },
    async close() {
      const all = [...queues.values()];
      queues.clear();
      await Promise.all(all.map((queue) => queue.close()));
    },
  };
}
