import { createStepCollector, createWorkflow, ok } from "@awaitly/core";
import { createKVCache, createStatePersistence } from "@awaitly/persistence";
import {
  createRedisStore,
  isRedisPersistenceError,
  RedisPersistenceError,
} from "@awaitly/persistence-redis";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

describe("createRedisStore", () => {
  it("gets, sets, checks and deletes values under its prefix", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    expect(await store.get("a")).toBeNull();
    await store.set("a", "1");
    expect(await ctx.redis.get(`${ctx.prefix}a`)).toBe("1");
    expect(await store.get("a")).toBe("1");
    expect(await store.exists("a")).toBe(true);
    expect(await store.delete("a")).toBe(true);
    expect(await store.delete("a")).toBe(false);
    expect(await store.exists("a")).toBe(false);
  });

  it("compareAndSet writes only over the expected value, deletes with null, and sets a TTL", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    expect(await store.compareAndSet("c", "x", "1")).toBe(false);
    expect(await store.get("c")).toBeNull();
    expect(await store.compareAndSet("c", null, "1")).toBe(true);
    expect(await store.compareAndSet("c", null, "2")).toBe(false);
    expect(await store.compareAndSet("c", "2", "3")).toBe(false);
    expect(await store.compareAndSet("c", "1", "2", { ttl: 60 })).toBe(true);
    const pttl = await ctx.redis.pttl(`${ctx.prefix}c`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(await store.compareAndSet("c", "2", null)).toBe(true);
    expect(await store.exists("c")).toBe(false);
    await expect(store.compareAndSet("c", null, "1", { ttl: -1 })).rejects.toThrow(RangeError);
  });

  it("uses the awaitly:kv: prefix by default, apart from run hashes and locks", async () => {
    const store = createRedisStore(ctx.redis);
    const key = `${ctx.prefix}default`;
    await store.set(key, "v");
    try {
      expect(await ctx.redis.get(`awaitly:kv:${key}`)).toBe("v");
    } finally {
      await store.delete(key);
    }
  });

  it("applies ttl in seconds and clears it when overwritten without one", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    await store.set("t", "x", { ttl: 30 });
    const pttl = await ctx.redis.pttl(`${ctx.prefix}t`);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    await store.set("t", "y");
    expect(await ctx.redis.pttl(`${ctx.prefix}t`)).toBe(-1);
    await store.set("short", "z", { ttl: 0.05 });
    const short = await ctx.redis.pttl(`${ctx.prefix}short`);
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThanOrEqual(50);
    await expect(store.set("bad", "z", { ttl: -1 })).rejects.toThrow(RangeError);
  });

  it("lists keys with SCAN, glob * and ?, brackets literal, prefix stripped", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    for (const key of ["run:1", "run:2", "run:10", "other", "x[1]"]) await store.set(key, "v");
    for (let i = 0; i < 600; i++) await ctx.redis.set(`${ctx.prefix}bulk:${i}`, "v");
    expect((await store.keys("run:*")).sort()).toStrictEqual(["run:1", "run:10", "run:2"]);
    expect((await store.keys("run:?")).sort()).toStrictEqual(["run:1", "run:2"]);
    expect(await store.keys("x[1]")).toStrictEqual(["x[1]"]);
    expect(await store.keys()).toHaveLength(605);
    expect(await store.keys("bulk:*")).toHaveLength(600);
  });

  it("never uses KEYS", async () => {
    // Commands are recorded at the client, not with MONITOR: on a Redis shared with other test
    // processes, MONITOR's stream races ioredis's reply queue under load.
    const client = ctx.redis.duplicate();
    const commands: string[] = [];
    const send = client.sendCommand.bind(client);
    client.sendCommand = ((command: { name: string }, stream?: never) => {
      commands.push(command.name.toLowerCase());
      return send(command as never, stream);
    });
    try {
      const store = createRedisStore(client, { prefix: ctx.prefix });
      await store.set("a", "1");
      expect(await store.keys("*")).toContain("a");
    } finally {
      client.disconnect();
    }
    expect(commands).toContain("scan");
    expect(commands).not.toContain("keys");
  });

  it("isolates prefixes containing glob characters", async () => {
    const a = createRedisStore(ctx.redis, { prefix: `${ctx.prefix}a*:` });
    const b = createRedisStore(ctx.redis, { prefix: `${ctx.prefix}ab:` });
    await a.set("k", "1");
    await b.set("k", "2");
    expect(await a.keys()).toStrictEqual(["k"]);
  });

  it("backs createKVCache with TTL in seconds", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    const cache = createKVCache({ store, ttl: 60 });
    await cache.setAsync("user:1", ok({ id: 1 }));
    expect(await ctx.redis.ttl(`${ctx.prefix}workflow:user:1`)).toBeGreaterThan(50);
    const fresh = createKVCache({ store });
    expect(await fresh.getAsync("user:1")).toStrictEqual(ok({ id: 1 }));
    await fresh.clearAsync();
    expect(await store.keys()).toStrictEqual([]);
  });

  it("backs createStatePersistence so a workflow resumes from saved state", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    const states = createStatePersistence(store);
    let calls = 0;
    const load = async () => {
      calls++;
      return ok("data");
    };
    const collector = createStepCollector();
    await createWorkflow(
      { load },
      { onEvent: collector.handleEvent },
    )(async (step, d) => step(() => d.load(), { key: "load" }));
    await states.save("run-1", collector.getState(), { by: "test" });
    expect(await states.list()).toStrictEqual(["run-1"]);
    const saved = await states.load("run-1");
    const result = await createWorkflow(
      { load },
      { resumeState: saved },
    )(async (step, d) => step(() => d.load(), { key: "load" }));
    expect(result).toStrictEqual(ok("data"));
    expect(calls).toBe(1);
  });

  it("throws TypeError/RangeError naming bad options", () => {
    expect(() => createRedisStore({} as never)).toThrow(TypeError);
    expect(() => createRedisStore(ctx.redis, { timeoutMs: 0 })).toThrow(/"timeoutMs".*0/);
    expect(() => createRedisStore(ctx.redis, { scanCount: 1.5 })).toThrow(/"scanCount"/);
  });

  it("wraps Redis errors in RedisPersistenceError naming the operation", async () => {
    const store = createRedisStore(ctx.redis, { prefix: ctx.prefix });
    await ctx.redis.hset(`${ctx.prefix}h`, "f", "v");
    const error = await store.get("h").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisPersistenceError);
    expect(isRedisPersistenceError(error)).toBe(true);
    expect(error).toMatchObject({ operation: "get", key: "h", timedOut: false });
    expect((error as Error).message).toMatch(/WRONGTYPE/);
  });
});
