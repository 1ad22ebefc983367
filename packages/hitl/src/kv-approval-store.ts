import type { KeyValueSetOptions, KeyValueStore } from "@awaitly/core";
import type { ApprovalStore } from "./approval-store";
import { checkApprovalValue, maxValueBytesOption } from "./approval-value";
import {
  assertCancellable,
  assertOpen,
  createRecord,
  isOpen,
  readRecord,
  type ApprovalRecord,
} from "./internal/approval-record";
import { createKeyedLock } from "./internal/keyed-lock";
import { listKeys } from "./internal/list-keys";

/**
 * A `KeyValueStore` that can also replace a value only while it still holds what was read (one
 * atomic step in the store). `createRedisStore` from `@awaitly/persistence-redis` is one.
 */
export interface CompareAndSetStore extends KeyValueStore {
  /**
   * Writes `next` (or deletes the key when `next` is `null`) only if the key currently holds
   * `expected` (`null`: the key is absent); resolves whether it did.
   */
  compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    options?: KeyValueSetOptions,
  ): Promise<boolean>;
}

/** Options of `createKVApprovalStore`. */
export interface KVApprovalStoreOptions {
  /** Prefix of every key written to the `KeyValueStore`. Defaults to `"awaitly:approval:"`. */
  prefix?: string | undefined;
  /** Largest approved `value`, in UTF-8 bytes of its JSON; larger values are refused with `ApprovalValueError`. Defaults to `65536`. */
  maxValueBytes?: number | undefined;
  /**
   * Seconds a decided (approved or rejected) request is kept; afterwards it reads as `not_found`.
   * `0` keeps it until deleted. Pending requests never expire this way. Defaults to `604800` (7 days).
   */
  decidedTtlSeconds?: number | undefined;
}

/** Defaults of `createKVApprovalStore`. */
export const DEFAULT_KV_APPROVAL_STORE_OPTIONS = {
  prefix: "awaitly:approval:",
  maxValueBytes: 64 * 1024,
  decidedTtlSeconds: 7 * 24 * 60 * 60,
} as const;

const hasCompareAndSet = (kv: KeyValueStore): kv is CompareAndSetStore =>
  typeof (kv as Partial<CompareAndSetStore>).compareAndSet === "function";

/**
 * An `ApprovalStore` on any `KeyValueStore` (Redis, memory, …); approved values are stored as JSON.
 * When the store has `compareAndSet` (the Redis store does), every decision is one compare-and-set,
 * so across processes exactly one decision on a request wins. On other stores decisions on one key
 * are serialised within this process only.
 * @example
 * const approvalStore = createKVApprovalStore(createRedisStore(redis));
 */
export function createKVApprovalStore(
  kv: KeyValueStore,
  options: KVApprovalStoreOptions = {},
): ApprovalStore {
  const where = "createKVApprovalStore";
  if (typeof kv !== "object" || kv === null || typeof kv.get !== "function") {
    throw new TypeError(
      `${where}: kv must be a KeyValueStore, got ${kv === null ? "null" : typeof kv}`,
    );
  }
  const prefix = options.prefix ?? DEFAULT_KV_APPROVAL_STORE_OPTIONS.prefix;
  if (typeof prefix !== "string") {
    throw new TypeError(`${where}: prefix must be a string, got ${String(prefix)}`);
  }
  const maxValueBytes = maxValueBytesOption(where, options.maxValueBytes);
  const decidedTtl =
    options.decidedTtlSeconds ?? DEFAULT_KV_APPROVAL_STORE_OPTIONS.decidedTtlSeconds;
  if (typeof decidedTtl !== "number" || !Number.isFinite(decidedTtl) || decidedTtl < 0) {
    throw new RangeError(
      `${where}: option "decidedTtlSeconds" must be a non-negative number (0 = keep), got ${String(decidedTtl)}`,
    );
  }
  const cas = hasCompareAndSet(kv) ? kv : undefined;
  const lock = createKeyedLock();
  const parse = (raw: string | null): ApprovalRecord | undefined =>
    raw === null ? undefined : (JSON.parse(raw) as ApprovalRecord);
  const ttlOf = (record: ApprovalRecord): KeyValueSetOptions | undefined =>
    record.status !== "pending" && decidedTtl > 0 ? { ttl: decidedTtl } : undefined;

  // Reads, lets `change` decide (it throws to refuse), and writes; with compare-and-set the write
  // lands only if nobody changed the key since the read, else the change is decided again.
  const update = (
    key: string,
    change: (record: ApprovalRecord | undefined, now: number) => ApprovalRecord | null | undefined,
  ): Promise<void> =>
    lock(key, async () => {
      const full = prefix + key;
      for (;;) {
        const raw = await kv.get(full);
        const next = change(parse(raw), Date.now());
        if (next === undefined) return;
        const text = next === null ? null : JSON.stringify(next);
        if (cas !== undefined) {
          const ttl = next === null ? undefined : ttlOf(next);
          if (await cas.compareAndSet(full, raw, text, ttl)) return;
          continue;
        }
        if (text === null) await kv.delete(full);
        else await kv.set(full, text, ttlOf(next as ApprovalRecord));
        return;
      }
    });

  return {
    getApproval: async (key) => readRecord(parse(await kv.get(prefix + key)), Date.now()),
    createApproval: (key, opts) => update(key, (record, now) => createRecord(record, opts, now)),
    grantApproval: (key, value, opts) => {
      return update(key, (record, now) => {
        assertOpen(key, record, now);
        checkApprovalValue(key, value, maxValueBytes);
        return { status: "approved", value, approvedBy: opts?.approvedBy, approvedAt: now };
      });
    },
    rejectApproval: (key, reason, opts) =>
      update(key, (record, now) => {
        assertOpen(key, record, now);
        return { status: "rejected", reason, rejectedBy: opts?.rejectedBy, rejectedAt: now };
      }),
    cancelApproval: (key) =>
      update(key, (record, now) => {
        assertCancellable(key, record, now);
        return null;
      }),
    listPending: async (opts) => {
      const now = Date.now();
      const wanted = prefix + (opts?.prefix ?? "");
      const keys = (await listKeys(kv, prefix)).filter((k) => k.startsWith(wanted));
      const open: string[] = [];
      for (const fullKey of keys.sort()) {
        if (isOpen(parse(await kv.get(fullKey)), now)) open.push(fullKey.slice(prefix.length));
      }
      return open;
    },
  };
}
