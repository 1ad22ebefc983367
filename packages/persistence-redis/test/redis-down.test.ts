import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import {
  createRedisCheckpointer,
  createRedisLock,
  createRedisStore,
  isRedisPersistenceError,
  type RedisOperation,
} from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { ensureRedis, freePort, pingRedis } from "../../../test-support/redis-server";

const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

type DeadClientOptions = {
  connectTimeout?: number;
  maxRetriesPerRequest: number | null;
  retryStrategy: () => number;
};

async function deadClient(options: DeadClientOptions): Promise<Redis> {
  const client = new Redis(await freePort(), "127.0.0.1", options);
  client.on("error", () => {});
  clients.push(client);
  return client;
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ operation: RedisOperation; timedOut: boolean }> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(isRedisPersistenceError(error)).toBe(true);
  return error as { operation: RedisOperation; timedOut: boolean };
}

describe("Redis down", () => {
  it("fails every store call with a typed error naming the operation when nothing listens", async () => {
    // The recommended client settings: bounded connect and per-request retries.
    const redis = await deadClient({
      connectTimeout: 500,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 50,
    });
    const store = createRedisStore(redis, { timeoutMs: 3_000 });
    const ops: Array<[RedisOperation, Promise<unknown>]> = [
      ["get", store.get("a")],
      ["set", store.set("a", "1")],
      ["delete", store.delete("a")],
      ["exists", store.exists("a")],
      ["keys", store.keys("*")],
    ];
    for (const [operation, promise] of ops) {
      expect(await failure(promise)).toMatchObject({ operation, timedOut: false });
    }
  });

  it("fails on timeoutMs when the client would retry forever (slow or unreachable Redis)", async () => {
    const redis = await deadClient({ maxRetriesPerRequest: null, retryStrategy: () => 50 });
    const store = createRedisStore(redis, { timeoutMs: 300 });
    const checkpoints = createRedisCheckpointer(redis, { timeoutMs: 300 });
    const lock = createRedisLock(redis, { timeoutMs: 300 });
    expect(await failure(store.get("a"))).toMatchObject({ operation: "get", timedOut: true });
    expect(await failure(checkpoints.load("r"))).toMatchObject({
      operation: "checkpoint.load",
      timedOut: true,
    });
    expect(await failure(checkpoints.save("r", "k", { result: ok(1) }))).toMatchObject({
      operation: "checkpoint.save",
      timedOut: true,
    });
    expect(await failure(lock.acquire("job"))).toMatchObject({
      operation: "lock.acquire",
      timedOut: true,
    });
  });

  it("makes a checkpointed workflow fail instead of hang", async () => {
    const redis = await deadClient({ maxRetriesPerRequest: null, retryStrategy: () => 50 });
    const checkpoints = createRedisCheckpointer(redis, { timeoutMs: 300 });
    const job = async (): AsyncResult<number, never> => ok(1);
    const { onAfterStep } = checkpoints.forRun("r", { fence: false });
    const workflow = createWorkflow({ job }, { onAfterStep });
    const result = await workflow(async (step, d) => step(() => d.job(), { key: "k" }));
    expect(result.ok).toBe(false);
    const thrown = result.ok
      ? undefined
      : (result.error as { cause?: { thrown?: unknown } }).cause?.thrown;
    expect(isRedisPersistenceError(thrown)).toBe(true);
  });
});

describe("Redis slow", () => {
  it("times out with a typed error while the server is paused, then works again", async () => {
    // A private server: pausing the shared one would stall everyone else's tests.
    const server = await ensureRedis(`redis://127.0.0.1:${await freePort()}`);
    const redis = new Redis(server.url);
    const admin = new Redis(server.url);
    try {
      const store = createRedisStore(redis, { timeoutMs: 300 });
      await store.set("a", "1");
      await admin.call("CLIENT", "PAUSE", "1500", "ALL");
      expect(await failure(store.get("a"))).toMatchObject({ operation: "get", timedOut: true });
      await admin.call("CLIENT", "UNPAUSE");
      expect(await store.get("a")).toBe("1");
    } finally {
      redis.disconnect();
      admin.disconnect();
      await server.stop();
    }
  });
});

describe("test setup", () => {
  it("starts redis-server on a free port when nothing answers at the URL", async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const server = await ensureRedis(dead);
    try {
      expect(server.started).toBe(true);
      expect(server.url).not.toBe(dead);
      expect(await pingRedis(server.url)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await pingRedis(server.url)).toBe(false);
  });
});
