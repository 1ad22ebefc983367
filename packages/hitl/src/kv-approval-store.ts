import type { KeyValueStore } from "@awaitly/core";
import type { ApprovalStore } from "./approval-store";
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

/** Options of `createKVApprovalStore`. */
export interface KVApprovalStoreOptions {
  /** Prefix of every key written to the `KeyValueStore`. Defaults to `"awaitly:approval:"`. */
  prefix?: string | undefined;
}

/** Defaults of `createKVApprovalStore`. */
export const DEFAULT_KV_APPROVAL_STORE_OPTIONS = { prefix: "awaitly:approval:" } as const;

/**
 * An `ApprovalStore` on any `KeyValueStore` (Redis, memory, …); approved values are stored as JSON.
 * Decisions on one key are serialised within this process; across processes, route decisions for
 * a key through one process or use a store with compare-and-set.
 * @example
 * const approvalStore = createKVApprovalStore(createRedisStore({ client: redis }));
 */
export function createKVApprovalStore(
  kv: KeyValueStore,
  options: KVApprovalStoreOptions = {},
): ApprovalStore {
  if (typeof kv !== "object" || kv === null || typeof kv.get !== "function") {
    throw new TypeError(`createKVApprovalStore: kv must be a KeyValueStore, got ${String(kv)}`);
  }
  const prefix = options.prefix ?? DEFAULT_KV_APPROVAL_STORE_OPTIONS.prefix;
  if (typeof prefix !== "string") {
    throw new TypeError(`createKVApprovalStore: prefix must be a string, got ${String(prefix)}`);
  }
  const lock = createKeyedLock();
  const load = async (key: string): Promise<ApprovalRecord | undefined> => {
    const raw = await kv.get(prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as ApprovalRecord);
  };
  const store = (key: string, record: ApprovalRecord) =>
    kv.set(prefix + key, JSON.stringify(record));

  return {
    getApproval: async (key) => readRecord(await load(key), Date.now()),
    createApproval: (key, opts) =>
      lock(key, async () => {
        const next = createRecord(await load(key), opts, Date.now());
        if (next !== undefined) await store(key, next);
      }),
    grantApproval: (key, value, opts) =>
      lock(key, async () => {
        assertOpen(key, await load(key), Date.now());
        await store(key, {
          status: "approved",
          value,
          approvedBy: opts?.approvedBy,
          approvedAt: Date.now(),
        });
      }),
    rejectApproval: (key, reason, opts) =>
      lock(key, async () => {
        assertOpen(key, await load(key), Date.now());
        await store(key, {
          status: "rejected",
          reason,
          rejectedBy: opts?.rejectedBy,
          rejectedAt: Date.now(),
        });
      }),
    cancelApproval: (key) =>
      lock(key, async () => {
        assertCancellable(key, await load(key), Date.now());
        await kv.delete(prefix + key);
      }),
    listPending: async (opts) => {
      const now = Date.now();
      const wanted = prefix + (opts?.prefix ?? "");
      const keys = (await listKeys(kv, prefix)).filter((k) => k.startsWith(wanted));
      const open: string[] = [];
      for (const fullKey of keys.sort()) {
        const key = fullKey.slice(prefix.length);
        if (isOpen(await load(key), now)) open.push(key);
      }
      return open;
    },
  };
}
