import type { Redis } from "ioredis";

/** The Redis keys one demo namespace uses: pending runs, finished runs, and a side-effect log. */
export function jobKeys(namespace: string) {
  return {
    pending: `${namespace}:pending`,
    done: `${namespace}:done`,
    effects: (runId: string) => `${namespace}:effects:${runId}`,
    result: (runId: string) => `${namespace}:result:${runId}`,
    checkpointPrefix: `${namespace}:run:`,
    lockPrefix: `${namespace}:lock:`,
  };
}

export const STEPS = ["fetch", "transform", "enrich", "store", "notify"] as const;

/** Adds runs to the pending set; any worker may pick them up. */
export async function enqueue(redis: Redis, namespace: string, runIds: string[]): Promise<void> {
  if (runIds.length > 0) await redis.sadd(jobKeys(namespace).pending, ...runIds);
}

/** How many times each step of a run really executed (its side effect). */
export async function effectCounts(redis: Redis, namespace: string, runId: string) {
  const raw = await redis.hgetall(jobKeys(namespace).effects(runId));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
}
