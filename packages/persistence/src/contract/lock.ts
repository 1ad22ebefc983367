import { eventually, type ContractTestApi } from "./api";

/** A held lease as the suite sees it. */
export interface ContractLease {
  /** The fencing token (compared when `increasingTokens` is set). */
  readonly token: string | number | bigint;
  /** True once the lease is lost or released. */
  readonly lost: boolean;
  /** Releases only if still held; resolves whether it did. */
  release(): Promise<boolean>;
}

/** A lease lock as the suite sees it. */
export interface ContractLock<TLease extends ContractLease = ContractLease> {
  acquire(key: string): Promise<TLease | undefined>;
}

/** How the suite gets a lock to test. */
export interface LockSubject<TLease extends ContractLease = ContractLease> {
  /** A lock over a namespace of its own, with this lease length (renewed by the lock itself). */
  create(options: { leaseMs: number }): ContractLock<TLease> | Promise<ContractLock<TLease>>;
  /**
   * Makes the current lease of `key` run out now, as if its holder had stalled past it (the holder's
   * process is not told). Used to test takeover and fencing without waiting a whole lease.
   */
  expire(lock: ContractLock<TLease>, key: string): Promise<void>;
  /** Whether each new holder's token is strictly greater than every earlier one's. Defaults to `false`. */
  increasingTokens?: boolean | undefined;
}

/** @internal Registers the lock contract. */
export function lockContract<TLease extends ContractLease>(
  t: ContractTestApi,
  subject: LockSubject<TLease>,
): void {
  const { it, expect } = t;
  t.describe("lock", () => {
    it("lets exactly one of 20 concurrent acquirers in, and the next one after release", async () => {
      const lock = await subject.create({ leaseMs: 10_000 });
      const leases = await Promise.all(Array.from({ length: 20 }, () => lock.acquire("mutex")));
      const held = leases.filter((lease) => lease !== undefined);
      expect(held).toHaveLength(1);
      expect(await lock.acquire("mutex")).toBeUndefined();
      expect(await held[0]?.release()).toBe(true);
      const next = await lock.acquire("mutex");
      expect(next?.lost).toBe(false);
      await next?.release();
    });

    it("keeps a renewed lease past its length", async () => {
      // Long enough that a busy CI machine's event-loop stalls cannot miss every renewal, and still
      // waited out more than twice, so a lease that was never renewed would have expired.
      const lock = await subject.create({ leaseMs: 1_000 });
      const lease = await lock.acquire("renewed");
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(lease?.lost).toBe(false);
      expect(await lock.acquire("renewed")).toBeUndefined();
      expect(await lease?.release()).toBe(true);
    }, 15_000);

    it("hands an expired lease to the next acquirer; the old holder learns it lost and cannot release", async () => {
      const lock = await subject.create({ leaseMs: 600 });
      const first = await lock.acquire("expiry");
      await subject.expire(lock, "expiry");
      const second = await lock.acquire("expiry");
      expect(second === undefined).toBe(false);
      expect(second?.token === first?.token).toBe(false);
      if (subject.increasingTokens === true) {
        expect(BigInt(second?.token ?? 0) > BigInt(first?.token ?? 0)).toBe(true);
      }
      expect(await eventually(() => first?.lost === true, 3_000)).toBe(true);
      expect(await first?.release()).toBe(false);
      expect(second?.lost).toBe(false);
      expect(await second?.release()).toBe(true);
    });
  });
}
