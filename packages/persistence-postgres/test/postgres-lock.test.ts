import {
  createPostgresLock,
  isLockLostError,
  type LockLostError,
} from "@awaitly/persistence-postgres";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { usePostgres } from "./support/use-postgres";

const ctx = usePostgres();
const expire = (name: string) =>
  ctx.pool.query(
    `UPDATE "${ctx.schema}".awaitly_locks SET expires_at = now() - interval '1 second' WHERE name = $1`,
    [name],
  );

afterEach(() => {
  vi.useRealTimers();
});

describe("createPostgresLock", () => {
  it("lets exactly one of 20 concurrent acquirers in", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema });
    const leases = await Promise.all(Array.from({ length: 20 }, () => lock.acquire("one")));
    const held = leases.filter((lease) => lease !== undefined);
    expect(held).toHaveLength(1);
    expect(await held[0]?.release()).toBe(true);
    expect(await lock.acquire("one").then((l) => l?.release())).toBe(true);
  });

  it("hands out strictly increasing tokens across holders, including after release", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema });
    const tokens: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const lease = await lock.acquire("seq");
      if (lease === undefined) throw new Error("not acquired");
      tokens.push(BigInt(lease.token));
      if (i % 2 === 0) await lease.release();
      else await expire("seq");
    }
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] ?? 0n);
  });

  it("an expired lease is taken over, and the old holder notices at its next renewal", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const lost: LockLostError[] = [];
    const lock = createPostgresLock(ctx.pool, {
      schema: ctx.schema,
      leaseMs: 30_000,
      onLost: (e) => lost.push(e),
    });
    const first = await lock.acquire("job");
    expect(await lock.acquire("job")).toBeUndefined();
    await expire("job");
    const second = await lock.acquire("job");
    expect(second).toBeDefined();
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(first?.lost).toBe(true));
    expect(isLockLostError(first?.signal.reason)).toBe(true);
    expect(lost).toHaveLength(1);
    expect(() => first?.assertHeld()).toThrow(/was lost/);
    expect(await first?.release()).toBe(false);
    expect(second?.lost).toBe(false);
    await second?.release();
  });

  it("renews a live lease so it outlives leaseMs", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema, leaseMs: 3_000 });
    const lease = await lock.acquire("renewed");
    const before = await ctx.pool.query<{ e: Date }>(
      `SELECT expires_at AS e FROM "${ctx.schema}".awaitly_locks WHERE name = 'renewed'`,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(async () => {
      const after = await ctx.pool.query<{ e: Date }>(
        `SELECT expires_at AS e FROM "${ctx.schema}".awaitly_locks WHERE name = 'renewed'`,
      );
      expect(after.rows[0]?.e.getTime()).toBeGreaterThan(before.rows[0]?.e.getTime() ?? Infinity);
    });
    expect(lease?.lost).toBe(false);
    await lease?.release();
  });

  it("keeps the lease through a +60 s wall-clock jump (its deadline is on the monotonic clock)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date", "performance"] });
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema, leaseMs: 10_000 });
    const lease = await lock.acquire("jump");
    vi.setSystemTime(Date.now() + 60_000);
    expect(() => lease?.assertHeld()).not.toThrow();
    expect(lease?.lost).toBe(false);
    expect(await lease?.release()).toBe(true);
  });

  it("ends a lease that cannot renew after leaseMs even when the wall clock jumps back", async () => {
    const pool = new pg.Pool({ connectionString: ctx.url });
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date", "performance"] });
    const lock = createPostgresLock(pool, { schema: ctx.schema, leaseMs: 3_000 });
    const lease = await lock.acquire("back");
    await pool.end();
    vi.setSystemTime(Date.now() - 60_000);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(() => lease?.assertHeld()).toThrow(/was lost/);
    expect(lease?.lost).toBe(true);
  });

  it("release deletes the row only while this token holds it", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema });
    const first = await lock.acquire("cas");
    await expire("cas");
    const second = await lock.acquire("cas");
    expect(await first?.release()).toBe(false);
    expect(await lock.acquire("cas")).toBeUndefined();
    expect(await second?.release()).toBe(true);
  });

  it("waits up to waitMs for the holder to release", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema });
    const first = await lock.acquire("wait");
    setTimeout(() => void first?.release(), 50);
    const second = await lock.acquire("wait", { waitMs: 5_000, pollMs: 10 });
    expect(second).toBeDefined();
    await second?.release();
  });

  it("guard.shouldRun takes the lease once and is re-entrant", async () => {
    const lock = createPostgresLock(ctx.pool, { schema: ctx.schema });
    const guard = lock.guard("g");
    expect(await guard.shouldRun()).toBe(true);
    const token = guard.lease?.token;
    expect(await guard.shouldRun()).toBe(true);
    expect(guard.lease?.token).toBe(token);
    expect(await lock.guard("g").shouldRun()).toBe(false);
    expect(await guard.release()).toBe(true);
  });

  it("names bad options", () => {
    expect(() => createPostgresLock(ctx.pool, { leaseMs: 0 })).toThrow(/"leaseMs"/);
    expect(() => createPostgresLock(ctx.pool, { leaseMs: 100, renewEveryMs: 100 })).toThrow(
      /"renewEveryMs"/,
    );
    expect(() => createPostgresLock({} as never)).toThrow(/pg.Pool/);
  });
});
