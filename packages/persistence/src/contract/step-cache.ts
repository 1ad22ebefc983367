import type { Result } from "@awaitly/core";
import { type ContractTestApi } from "./api";
import { ENTRIES, HOSTILE_KEYS, sameEntry } from "./fixtures";

/** The async side of a step cache (`FileCache`, `KVCache`, or a sync `StepCache` wrapped in promises). */
export interface ContractStepCache {
  setAsync(key: string, result: Result<unknown, unknown, unknown>): Promise<void>;
  getAsync(key: string): Promise<Result<unknown, unknown, unknown> | undefined>;
  deleteAsync(key: string): Promise<boolean>;
}

/** How the suite gets a step cache to test. */
export interface StepCacheSubject {
  /** A cache over empty storage of its own. */
  create(): ContractStepCache | Promise<ContractStepCache>;
  /** A second cache over the same storage (as another process would open it), when the cache persists. */
  reopen?:
    ((cache: ContractStepCache) => ContractStepCache | Promise<ContractStepCache>) | undefined;
}

/** @internal Registers the step cache contract. */
export function stepCacheContract(t: ContractTestApi, subject: StepCacheSubject): void {
  const { it, expect } = t;
  const reader = async (cache: ContractStepCache): Promise<ContractStepCache> =>
    subject.reopen === undefined ? cache : subject.reopen(cache);

  t.describe("step cache", () => {
    it("round-trips every serialisable Result (typed errors and Error causes survive)", async () => {
      const cache = await subject.create();
      for (const [key, entry] of ENTRIES) await cache.setAsync(key, entry.result);
      const read = await reader(cache);
      for (const [key, entry] of ENTRIES) {
        const got = await read.getAsync(key);
        expect({
          key,
          problem: sameEntry(got && { result: got }, { result: entry.result }),
        }).toStrictEqual({
          key,
          problem: undefined,
        });
      }
    });

    it("keeps hostile keys apart", async () => {
      const cache = await subject.create();
      for (const [i, key] of HOSTILE_KEYS.entries())
        await cache.setAsync(key, { ok: true, value: i });
      const read = await reader(cache);
      for (const [i, key] of HOSTILE_KEYS.entries()) {
        expect(await read.getAsync(key)).toStrictEqual({ ok: true, value: i });
      }
    });

    it("deletes: resolves whether a key was removed, and the key is gone", async () => {
      const cache = await subject.create();
      await cache.setAsync("gone", { ok: true, value: 1 });
      expect(await cache.deleteAsync("gone")).toBe(true);
      expect(await cache.deleteAsync("gone")).toBe(false);
      expect(await cache.getAsync("gone")).toBeUndefined();
      expect(await (await reader(cache)).getAsync("gone")).toBeUndefined();
    });

    it("keeps every one of 50 concurrent writers' entries", async () => {
      const cache = await subject.create();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => cache.setAsync(`w${i}`, { ok: true, value: i })),
      );
      const read = await reader(cache);
      for (let i = 0; i < 50; i++)
        expect(await read.getAsync(`w${i}`)).toStrictEqual({ ok: true, value: i });
    });
  });
}
