import { ok } from "@awaitly/core";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisCluster, type LocalRedisCluster } from "../../../test-support/redis-cluster";

let cluster: LocalRedisCluster | undefined;
let redis: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  redis = new Cluster([...cluster.nodes]);
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

describe("createRedisCheckpointer on Redis Cluster", () => {
  it("saves, loads, lists (from every master) and deletes runs spread over the slots", async () => {
    const checkpoints = createRedisCheckpointer(redis, { prefix: "cp:" });
    const runIds = Array.from({ length: 30 }, (_, i) => `run-${i}`);
    for (const runId of runIds) {
      await checkpoints.save(runId, "a", { result: ok(runId) });
    }
    const slots = await redis.cluster("SLOTS");
    const masters = new Set<number>();
    for (const runId of runIds) {
      const slot = Number(await redis.cluster("KEYSLOT", checkpoints.keyOf(runId)));
      const owner = slots.find(([from, to]) => slot >= from && slot <= to);
      masters.add(owner?.[2]?.[1] ?? -1);
    }
    expect(masters.size).toBeGreaterThan(1);
    expect((await checkpoints.list()).sort()).toStrictEqual([...runIds].sort());
    const loaded = await checkpoints.load("run-7");
    expect(loaded.steps.get("a")?.result).toStrictEqual(ok("run-7"));
    for (const runId of runIds) expect(await checkpoints.delete(runId)).toBe(true);
    expect(await checkpoints.list()).toStrictEqual([]);
  });

  it("runs its fenced write script on the node that owns the run's slot", async () => {
    const checkpoints = createRedisCheckpointer(redis, { prefix: "{fenced}:cp:" });
    const lockKey = "{fenced}:lock:run-1";
    await redis.set(lockKey, "token-1", "PX", 60_000);
    const fence = {
      key: "run-1",
      redisKey: lockKey,
      token: "token-1",
      lost: false,
      signal: new AbortController().signal,
      assertHeld: () => {},
      release: () => Promise.resolve(true),
    };
    const hooks = checkpoints.forRun("run-1", { fence });
    await hooks.onAfterStep("a", ok(1));
    expect(Object.keys(await redis.hgetall(checkpoints.keyOf("run-1")))).toContain("a");
    await redis.del(lockKey, checkpoints.keyOf("run-1"));
  });
});
