import { createKVApprovalStore, createKVWorkflowStateStore } from "@awaitly/hitl";
import { runPersistenceContract } from "@awaitly/persistence/contract";
import {
  createRedisCheckpointer,
  createRedisLock,
  createRedisStore,
  type RedisLease,
  type RedisLock,
} from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";

const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
// One namespace per test file run, so cleanup is a single SCAN however many stores the suite made.
const runPrefix = `awaitly-contract:${crypto.randomUUID()}:`;
const fresh = (): string => `${runPrefix}${crypto.randomUUID()}:`;
const lockPrefixes = new WeakMap<RedisLock, string>();

afterAll(async () => {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${runPrefix}*`, "COUNT", 1_000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

const lock = {
  create({ leaseMs }: { leaseMs: number }) {
    const prefix = fresh();
    const created = createRedisLock(redis, { prefix, leaseMs });
    lockPrefixes.set(created, prefix);
    return created;
  },
  // The holder stalled past its lease: the key is gone, as when PX runs out.
  async expire(created: { acquire: unknown }, key: string) {
    await redis.del(`${lockPrefixes.get(created as RedisLock) ?? ""}${key}`);
  },
};

runPersistenceContract<RedisLease>(
  { describe, it, expect },
  {
    name: "Redis",
    keyValueStore: { create: () => createRedisStore(redis, { prefix: fresh() }) },
    checkpointer: {
      create() {
        const checkpoints = createRedisCheckpointer(redis, {
          prefix: fresh(),
          maxEntryBytes: 200_000,
        });
        return {
          save: (runId, stepKey, entry) => checkpoints.save(runId, stepKey, entry),
          saveFenced: (runId, stepKey, entry, lease) =>
            checkpoints.forRun(runId, { fence: lease }).onAfterStep(stepKey, entry.result),
          invalidate: (runId, stepKey) =>
            checkpoints.forRun(runId, { fence: false }).onStepInvalidated(stepKey),
          invalidateFenced: (runId, stepKey, lease) =>
            checkpoints.forRun(runId, { fence: lease }).onStepInvalidated(stepKey),
          load: (runId) => checkpoints.load(runId),
          delete: (runId) => checkpoints.delete(runId),
          list: () => checkpoints.list(),
          hooks: (runId) => checkpoints.forRun(runId, { fence: false }),
        };
      },
      lock,
      maxEntryBytes: 200_000,
    },
    lock,
    approvalStore: {
      create: () => createKVApprovalStore(createRedisStore(redis, { prefix: fresh() })),
      maxValueBytes: 64 * 1024,
    },
    stateStore: {
      create: () => createKVWorkflowStateStore(createRedisStore(redis, { prefix: fresh() })),
    },
  },
);
