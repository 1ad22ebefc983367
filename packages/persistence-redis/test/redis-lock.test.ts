import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createRedisLock, isLockLostError, LockLostError } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();

// A client that fails at once once disconnected (no retries, no offline queue): renewals fail.
async function disconnectableClient(): Promise<Redis> {
  const client = new Redis(ctx.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}
afterEach(() => {
  vi.useRealTimers();
});

// Only the renewal interval and the clocks (wall and monotonic) are faked; Redis round trips stay real.
const fakeRenewal = () =>
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date", "performance"] });

describe("createRedisLock", () => {
  it("takes the lock with SET NX PX and a random token, once", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix, leaseMs: 10_000 });
    const lease = await lock.acquire("job");
    expect(lease).toBeDefined();
    expect(await ctx.redis.get(`${ctx.prefix}job`)).toBe(lease?.token);
    const pttl = await ctx.redis.pttl(`${ctx.prefix}job`);
    expect(pttl).toBeGreaterThan(9_000);
    expect(pttl).toBeLessThanOrEqual(10_000);
    expect(await lock.acquire("job")).toBeUndefined();
    const other = await createRedisLock(ctx.redis, { prefix: ctx.prefix }).acquire("job");
    expect(other).toBeUndefined();
    expect(await lease?.release()).toBe(true);
    const again = await lock.acquire("job");
    expect(again?.token).not.toBe(lease?.token);
    await again?.release();
  });

  it("releases by compare-and-delete, leaving another holder's lock alone", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix });
    const lease = await lock.acquire("job");
    await ctx.redis.set(`${ctx.prefix}job`, "other-token");
    expect(await lease?.release()).toBe(false);
    expect(await ctx.redis.get(`${ctx.prefix}job`)).toBe("other-token");
  });

  it("renews the lease while the run is alive", async () => {
    fakeRenewal();
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix, leaseMs: 60_000 });
    const lease = await lock.acquire("job");
    await ctx.redis.pexpire(`${ctx.prefix}job`, 1_000);
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(async () => {
      expect(await ctx.redis.pttl(`${ctx.prefix}job`)).toBeGreaterThan(50_000);
    });
    expect(lease?.lost).toBe(false);
    await lease?.release();
  });

  it("reports a typed LockLostError when another holder took the lock", async () => {
    fakeRenewal();
    const onLost = vi.fn();
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix, leaseMs: 60_000, onLost });
    const lease = await lock.acquire("job");
    await ctx.redis.set(`${ctx.prefix}job`, "thief");
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(() => expect(lease?.lost).toBe(true));
    expect(lease?.signal.aborted).toBe(true);
    expect(isLockLostError(lease?.signal.reason)).toBe(true);
    expect(onLost).toHaveBeenCalledWith(expect.any(LockLostError));
    expect(() => lease?.assertHeld()).toThrow(LockLostError);
    expect(await lease?.release()).toBe(false);
    expect(await ctx.redis.get(`${ctx.prefix}job`)).toBe("thief");
  });

  it("gives the lease up when Redis cannot be reached for a whole lease", async () => {
    const client = await disconnectableClient();
    fakeRenewal();
    const lock = createRedisLock(client, { prefix: ctx.prefix, leaseMs: 3_000, timeoutMs: 500 });
    const lease = await lock.acquire("job");
    client.disconnect();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lease?.lost).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000);
    await vi.waitFor(() => expect(lease?.lost).toBe(true));
    expect(String((lease?.signal.reason as Error).message)).toMatch(/could not be reached/);
  });

  it("keeps the lease through a +60 s wall-clock jump (its deadline is on the monotonic clock)", async () => {
    fakeRenewal();
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix, leaseMs: 10_000 });
    const lease = await lock.acquire("job");
    vi.setSystemTime(Date.now() + 60_000);
    expect(() => lease?.assertHeld()).not.toThrow();
    expect(lease?.lost).toBe(false);
    expect(await ctx.redis.get(`${ctx.prefix}job`)).toBe(lease?.token);
    await lease?.release();
  });

  it("ends a lease that cannot renew after leaseMs even when the wall clock jumps back", async () => {
    const client = await disconnectableClient();
    fakeRenewal();
    const lock = createRedisLock(client, { prefix: ctx.prefix, leaseMs: 3_000, timeoutMs: 500 });
    const lease = await lock.acquire("job");
    client.disconnect();
    vi.setSystemTime(Date.now() - 60_000);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(lease?.lost).toBe(true);
    expect(() => lease?.assertHeld()).toThrow(LockLostError);
  });

  it("waits for the holder to release when waitMs is set", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix });
    const first = await lock.acquire("job");
    const waiting = lock.acquire("job", { waitMs: 5_000, pollMs: 20 });
    await first?.release();
    const second = await waiting;
    expect(second).toBeDefined();
    await second?.release();
  });

  it("gates createWorkflow through guard().shouldRun so only one run proceeds", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix });
    const job = async (): AsyncResult<string, never> => ok("done");
    const a = lock.guard("run-1");
    const b = lock.guard("run-1");
    const first = createWorkflow({ job }, { shouldRun: a.shouldRun });
    const second = createWorkflow({ job }, { shouldRun: b.shouldRun });
    let secondResult: unknown;
    const firstResult = await first(async (step, d) => {
      secondResult = await second(async (s, dd) => s(() => dd.job()));
      return step(() => d.job());
    });
    expect(firstResult).toStrictEqual(ok("done"));
    expect(secondResult).toMatchObject({ ok: false });
    expect(b.lease).toBeUndefined();
    expect(await a.release()).toBe(true);
    expect(await b.release()).toBe(false);
  });

  it("lets every invocation of a workflow through while its guard holds the lease", async () => {
    const lock = createRedisLock(ctx.redis, { prefix: ctx.prefix });
    const guard = lock.guard("run");
    const job = async (): AsyncResult<number, never> => ok(1);
    const workflow = createWorkflow({ job }, { shouldRun: guard.shouldRun });
    expect(await workflow(async (step, d) => step(() => d.job()))).toStrictEqual(ok(1));
    const first = guard.lease;
    expect(await workflow(async (step, d) => step(() => d.job()))).toStrictEqual(ok(1));
    expect(guard.lease).toBe(first);
    expect(await guard.release()).toBe(true);
  });

  it("throws RangeError naming bad options", () => {
    expect(() => createRedisLock(ctx.redis, { leaseMs: -1 })).toThrow(/"leaseMs".*-1/);
    expect(() => createRedisLock(ctx.redis, { leaseMs: 100, renewEveryMs: 100 })).toThrow(
      /renewEveryMs/,
    );
  });
});
