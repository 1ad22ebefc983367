import type { CheckpointHooks, ResumeState, ResumeStateEntry } from "@awaitly/core";
import { checkpointOrderContract } from "./checkpoint-order";
import { rejectionOf, type ContractTestApi } from "./api";
import { ENTRIES, HOSTILE_KEYS, sameEntry } from "./fixtures";
import type { ContractLease, ContractLock, LockSubject } from "./lock";

/** A checkpointer as the suite sees it; adapt the store's own signatures in the subject. */
export interface ContractCheckpointer<TLease extends ContractLease = ContractLease> {
  /** Writes one step outside any lock (the store's unfenced path). */
  save(runId: string, stepKey: string, entry: ResumeStateEntry): Promise<void>;
  /** Writes one step fenced by `lease`: must reject once a newer holder has the lock. */
  saveFenced?:
    | ((runId: string, stepKey: string, entry: ResumeStateEntry, lease: TLease) => Promise<void>)
    | undefined;
  load(runId: string): Promise<ResumeState>;
  delete(runId: string): Promise<boolean>;
  list(): Promise<string[]>;
  /**
   * Deletes one step unfenced: the store's `onStepInvalidated` hook of an unfenced run. Tested when
   * given.
   */
  invalidate?: ((runId: string, stepKey: string) => Promise<void>) | undefined;
  /**
   * Deletes one step fenced by `lease` (`onStepInvalidated` of a fenced run): must reject once a
   * newer holder has the lock, deleting nothing. Tested with the lock when given.
   */
  invalidateFenced?: ((runId: string, stepKey: string, lease: TLease) => Promise<void>) | undefined;
  /**
   * The store's unfenced per-run hooks (`forRun(runId, { fence: false })`), spread into a workflow
   * call: a run resumed through them reports drift. Tested when given.
   */
  hooks?: ((runId: string) => CheckpointHooks) | undefined;
}

/** How the suite gets a checkpointer to test. */
export interface CheckpointerSubject<TLease extends ContractLease = ContractLease> {
  /**
   * A checkpointer over an empty namespace of its own; for the fencing test, one that fences with
   * leases of `lock` (made by `lock.create`, so share its namespace where that matters).
   */
  create(
    lock?: ContractLock<TLease>,
  ): ContractCheckpointer<TLease> | Promise<ContractCheckpointer<TLease>>;
  /** The lock whose leases fence writes; fencing is tested when given (with `saveFenced`). */
  lock?: LockSubject<TLease> | undefined;
  /** The largest serialised entry the store accepts, in bytes, when it has a limit. */
  maxEntryBytes?: number | undefined;
}

/** @internal Registers the checkpointer contract. */
export function checkpointerContract<TLease extends ContractLease>(
  t: ContractTestApi,
  subject: CheckpointerSubject<TLease>,
): void {
  const { it, expect } = t;
  t.describe("checkpointer", () => {
    checkpointOrderContract(t, subject);
    it("round-trips every serialisable Result with its meta (typed errors, Error and UnexpectedError causes)", async () => {
      const checkpoints = await subject.create();
      for (const [key, entry] of ENTRIES) await checkpoints.save("run", key, entry);
      const state = await checkpoints.load("run");
      expect([...state.steps.keys()].sort()).toStrictEqual(ENTRIES.map(([key]) => key).sort());
      for (const [key, entry] of ENTRIES) {
        expect({ key, problem: sameEntry(state.steps.get(key), entry) }).toStrictEqual({
          key,
          problem: undefined,
        });
      }
    });

    it("keeps hostile run ids and step keys apart, lists and deletes them", async () => {
      const checkpoints = await subject.create();
      for (const [i, key] of HOSTILE_KEYS.entries()) {
        await checkpoints.save(key, key, { result: { ok: true, value: i } });
      }
      expect((await checkpoints.list()).sort()).toStrictEqual([...HOSTILE_KEYS].sort());
      for (const [i, key] of HOSTILE_KEYS.entries()) {
        const steps = (await checkpoints.load(key)).steps;
        expect([...steps.keys()]).toStrictEqual([key]);
        expect(steps.get(key)?.result).toStrictEqual({ ok: true, value: i });
      }
      expect(await checkpoints.delete("__proto__")).toBe(true);
      expect(await checkpoints.delete("__proto__")).toBe(false);
      expect((await checkpoints.load("__proto__")).steps.size).toBe(0);
      expect(await checkpoints.list()).not.toContain("__proto__");
      expect(await checkpoints.list()).toHaveLength(HOSTILE_KEYS.length - 1);
    });

    it("keeps every step of 50 concurrent writers to one run, and of 10 runs at once", async () => {
      const checkpoints = await subject.create();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          checkpoints.save(`run-${i % 10}`, `step-${i}`, { result: { ok: true, value: i } }),
        ),
      );
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          checkpoints.save("one", `step-${i}`, { result: { ok: true, value: i } }),
        ),
      );
      expect((await checkpoints.load("one")).steps.size).toBe(50);
      for (let run = 0; run < 10; run++)
        expect((await checkpoints.load(`run-${run}`)).steps.size).toBe(5);
    });

    it("overwrites a step written again", async () => {
      const checkpoints = await subject.create();
      await checkpoints.save("again", "k", { result: { ok: true, value: 1 } });
      await checkpoints.save("again", "k", { result: { ok: true, value: 2 } });
      expect((await checkpoints.load("again")).steps.get("k")?.result).toStrictEqual({
        ok: true,
        value: 2,
      });
    });

    it("forgets an invalidated step and keeps the others (so a resumed run runs only it again)", async () => {
      const checkpoints = await subject.create();
      const invalidate = checkpoints.invalidate;
      if (invalidate === undefined) return;
      await checkpoints.save("undo", "reserve", { result: { ok: true, value: "r1" } });
      await checkpoints.save("undo", "lookup", { result: { ok: true, value: "l1" } });
      await checkpoints.save("other", "reserve", { result: { ok: true, value: "r9" } });
      await invalidate("undo", "reserve");
      await invalidate("undo", "never-written");
      expect([...(await checkpoints.load("undo")).steps.keys()]).toStrictEqual(["lookup"]);
      expect([...(await checkpoints.load("other")).steps.keys()]).toStrictEqual(["reserve"]);
      await checkpoints.save("undo", "reserve", { result: { ok: true, value: "r2" } });
      expect((await checkpoints.load("undo")).steps.get("reserve")?.result).toStrictEqual({
        ok: true,
        value: "r2",
      });
    });

    const lockSubject = subject.lock;
    if (lockSubject !== undefined) {
      it("refuses a stale holder's invalidation once a newer holder has the lock (fencing)", async () => {
        const lock: ContractLock<TLease> = await lockSubject.create({ leaseMs: 10_000 });
        const checkpoints = await subject.create(lock);
        const { invalidateFenced, saveFenced } = checkpoints;
        if (invalidateFenced === undefined || saveFenced === undefined) return;
        const stale = await lock.acquire("forget-run");
        if (stale === undefined) throw new Error("the first holder could not acquire the lock");
        await saveFenced("forget-run", "a", { result: { ok: true, value: 1 } }, stale);
        await saveFenced("forget-run", "b", { result: { ok: true, value: 2 } }, stale);
        await invalidateFenced("forget-run", "a", stale);
        await lockSubject.expire(lock, "forget-run");
        const fresh = await lock.acquire("forget-run");
        if (fresh === undefined)
          throw new Error("the second holder could not acquire the expired lock");
        expect(await rejectionOf(invalidateFenced("forget-run", "b", stale))).not.toBeUndefined();
        expect([...(await checkpoints.load("forget-run")).steps.keys()]).toStrictEqual(["b"]);
        await invalidateFenced("forget-run", "b", fresh);
        expect((await checkpoints.load("forget-run")).steps.size).toBe(0);
        await fresh.release();
        await stale.release();
      });

      it("refuses a stale holder's writes once a newer holder has the lock (fencing)", async () => {
        const lock: ContractLock<TLease> = await lockSubject.create({ leaseMs: 10_000 });
        const checkpoints = await subject.create(lock);
        const saveFenced = checkpoints.saveFenced;
        expect(typeof saveFenced).toBe("function");
        if (saveFenced === undefined) return;
        const stale = await lock.acquire("fenced-run");
        if (stale === undefined) throw new Error("the first holder could not acquire the lock");
        await saveFenced("fenced-run", "one", { result: { ok: true, value: "stale" } }, stale);
        await lockSubject.expire(lock, "fenced-run");
        const fresh = await lock.acquire("fenced-run");
        if (fresh === undefined)
          throw new Error("the second holder could not acquire the expired lock");
        await saveFenced("fenced-run", "one", { result: { ok: true, value: "fresh" } }, fresh);
        const late = saveFenced(
          "fenced-run",
          "one",
          { result: { ok: true, value: "late" } },
          stale,
        );
        const other = saveFenced(
          "fenced-run",
          "two",
          { result: { ok: true, value: "late" } },
          stale,
        );
        // Both handled at once: awaiting one first left the other's rejection unhandled for a
        // round trip, which the runner reported as an error (a flaky failure).
        const [lateRefused, otherRefused] = await Promise.all([
          rejectionOf(late),
          rejectionOf(other),
        ]);
        expect(lateRefused).not.toBeUndefined();
        expect(otherRefused).not.toBeUndefined();
        const steps = (await checkpoints.load("fenced-run")).steps;
        expect(steps.get("one")?.result).toStrictEqual({ ok: true, value: "fresh" });
        expect(steps.has("two")).toBe(false);
        await fresh.release();
        await stale.release();
      });
    }

    const max = subject.maxEntryBytes;
    if (max !== undefined) {
      it("refuses an entry over its size limit and writes nothing", async () => {
        const checkpoints = await subject.create();
        const big = { result: { ok: true as const, value: "x".repeat(max) } };
        expect(await rejectionOf(checkpoints.save("big", "k", big))).not.toBeUndefined();
        expect((await checkpoints.load("big")).steps.size).toBe(0);
      });
    }
  });
}
