import type { KeyValueStore, Result, StepCache } from "@awaitly/core";
import { checkSerializedResult } from "./internal/check-result";
import { deserializeResult, serializeResult } from "./serialize";

/** Options for `createKVCache`. */
export interface KVCacheOptions {
  /** Where entries live (Redis, a database, …): core's `KeyValueStore` contract. */
  store: KeyValueStore;
  /** Prepended to every key. Defaults to `"workflow:"`. */
  prefix?: string | undefined;
  /** Seconds an entry lives, passed to `store.set`. `0` means no expiry. Defaults to `604800` (7 days). */
  ttl?: number | undefined;
}

/** The defaults `createKVCache` applies. */
export const DEFAULT_KV_CACHE_OPTIONS = { prefix: "workflow:", ttl: 7 * 24 * 60 * 60 } as const;

/** A `StepCache` backed by a `KeyValueStore`; the sync methods use an in-memory mirror. */
export interface KVCache extends StepCache {
  getAsync(key: string): Promise<Result<unknown, unknown, unknown> | undefined>;
  setAsync(key: string, result: Result<unknown, unknown, unknown>): Promise<void>;
  hasAsync(key: string): Promise<boolean>;
  deleteAsync(key: string): Promise<boolean>;
  clearAsync(): Promise<void>;
}

/**
 * Creates a step cache over any `KeyValueStore` (values are compact `serializeResult` JSON).
 * @example
 * const cache = createKVCache({ store: createRedisStore(redis), ttl: 3600 });
 * await cache.setAsync("user:1", ok({ id: 1 }));
 */
export function createKVCache(options: KVCacheOptions): KVCache {
  const store = options?.store;
  if (typeof store !== "object" || store === null) {
    throw new TypeError(
      `createKVCache: option "store" must be a KeyValueStore, got ${String(store)}`,
    );
  }
  const prefix = options.prefix ?? DEFAULT_KV_CACHE_OPTIONS.prefix;
  if (typeof prefix !== "string") {
    throw new TypeError(`createKVCache: option "prefix" must be a string, got ${typeof prefix}`);
  }
  const ttl = options.ttl ?? DEFAULT_KV_CACHE_OPTIONS.ttl;
  if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0) {
    throw new RangeError(
      `createKVCache: option "ttl" must be a non-negative number of seconds, got ${String(ttl)}`,
    );
  }
  const mirror = new Map<string, Result<unknown, unknown, unknown>>();
  const keyOf = (key: string): string => `${prefix}${key}`;

  return {
    get: (key) => mirror.get(key),
    set: (key, result) => void mirror.set(key, result),
    has: (key) => mirror.has(key),
    delete: (key) => mirror.delete(key),
    clear: () => mirror.clear(),

    async getAsync(key) {
      const raw = await store.get(keyOf(key));
      if (!raw) return undefined;
      try {
        const result = deserializeResult(checkSerializedResult(JSON.parse(raw)));
        mirror.set(key, result);
        return result;
      } catch {
        return undefined;
      }
    },

    async setAsync(key, result) {
      await store.set(
        keyOf(key),
        JSON.stringify(serializeResult(result)),
        ttl ? { ttl } : undefined,
      );
      mirror.set(key, result);
    },

    hasAsync: (key) => store.exists(keyOf(key)),

    deleteAsync(key) {
      mirror.delete(key);
      return store.delete(keyOf(key));
    },

    async clearAsync() {
      for (const key of await store.keys(`${prefix}*`)) await store.delete(key);
      mirror.clear();
    },
  };
}
