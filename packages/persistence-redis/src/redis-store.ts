import type { KeyValueSetOptions, KeyValueStore } from "@awaitly/core";
import type { Redis } from "ioredis";
import { createBounded, escapeGlob, positiveMs, scanKeys, stringOption } from "./internal/call";

/** Options for `createRedisStore`. */
export interface RedisStoreOptions {
  /** Prepended to every key (and stripped from `keys()` results). Defaults to `"awaitly:kv:"`, apart from the checkpointer's and lock's keys. */
  prefix?: string | undefined;
  /** Milliseconds before a call fails with `RedisPersistenceError`. Defaults to `5000`. */
  timeoutMs?: number | undefined;
  /** SCAN `COUNT` hint per round trip in `keys()`. Defaults to `250`. */
  scanCount?: number | undefined;
}

/** The defaults `createRedisStore` applies. */
export const DEFAULT_REDIS_STORE_OPTIONS = {
  prefix: "awaitly:kv:",
  timeoutMs: 5000,
  scanCount: 250,
} as const;

/**
 * Creates core's `KeyValueStore` on Redis: `ttl` in seconds, `keys()` via SCAN, every call bounded
 * by `timeoutMs` and failing with a `RedisPersistenceError` naming the operation.
 * @example
 * const store = createRedisStore(new Redis(process.env.REDIS_URL), { prefix: "shop:" });
 * const cache = createKVCache({ store, ttl: 3600 });
 */
export function createRedisStore(redis: Redis, options: RedisStoreOptions = {}): KeyValueStore {
  const where = "createRedisStore";
  if (typeof redis !== "object" || redis === null || typeof redis.get !== "function") {
    throw new TypeError(`${where}: expected an ioredis client, got ${String(redis)}`);
  }
  const prefix = stringOption(
    where,
    "prefix",
    options.prefix ?? DEFAULT_REDIS_STORE_OPTIONS.prefix,
  );
  const timeoutMs = positiveMs(
    where,
    "timeoutMs",
    options.timeoutMs ?? DEFAULT_REDIS_STORE_OPTIONS.timeoutMs,
  );
  const call = createBounded(timeoutMs);
  const scanCount = options.scanCount ?? DEFAULT_REDIS_STORE_OPTIONS.scanCount;
  if (!Number.isInteger(scanCount) || scanCount < 1) {
    throw new RangeError(
      `${where}: option "scanCount" must be a positive integer, got ${String(scanCount)}`,
    );
  }
  const full = (key: string): string => `${prefix}${key}`;

  return {
    get: (key) => call("get", key, () => redis.get(full(key))),

    async set(key: string, value: string, setOptions?: KeyValueSetOptions) {
      const ttl = setOptions?.ttl;
      if (ttl !== undefined && (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0)) {
        throw new RangeError(
          `KeyValueStore.set: "ttl" must be a non-negative number of seconds, got ${String(ttl)}`,
        );
      }
      await call("set", key, () =>
        ttl
          ? redis.set(full(key), value, "PX", Math.max(1, Math.ceil(ttl * 1000)))
          : redis.set(full(key), value),
      );
    },

    delete: (key) => call("delete", key, async () => (await redis.del(full(key))) > 0),

    exists: (key) => call("exists", key, async () => (await redis.exists(full(key))) > 0),

    keys: (pattern = "*") =>
      call("keys", pattern, async () => {
        // The contract's glob knows only * and ?; brackets and backslashes are literal.
        const match = escapeGlob(prefix) + pattern.replace(/[[\]\\]/g, "\\$&");
        const keys = await scanKeys(redis, match, scanCount);
        return keys.map((key) => key.slice(prefix.length));
      }),
  };
}
