import type { KeyValueSetOptions, KeyValueStore } from "@awaitly/core";
import type { Redis } from "ioredis";
import { assertWellFormedText } from "@awaitly/persistence";
import {
  createBounded,
  escapeGlob,
  positiveMs,
  runScript,
  scanKeys,
  stringOption,
} from "./internal/call";

/** Core's `KeyValueStore` plus an atomic compare-and-set, which approval stores use to decide once. */
export interface RedisKeyValueStore extends KeyValueStore {
  /**
   * Writes `next` (deletes the key when `next` is `null`) only if the key holds exactly `expected`
   * (`null`: the key is absent), in one Lua script; resolves whether it wrote. `ttl` in seconds.
   */
  compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    options?: KeyValueSetOptions,
  ): Promise<boolean>;
}

// ARGV: has-expected (0/1), expected, has-next (0/1), next, PX ms (0 = none). GET gives false for nil.
const COMPARE_AND_SET = `local current = redis.call("GET", KEYS[1])
if ARGV[1] == "0" then
  if current then return 0 end
elseif current ~= ARGV[2] then return 0 end
if ARGV[3] == "0" then redis.call("DEL", KEYS[1])
elseif tonumber(ARGV[5]) > 0 then redis.call("SET", KEYS[1], ARGV[4], "PX", ARGV[5])
else redis.call("SET", KEYS[1], ARGV[4]) end
return 1`;

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
export function createRedisStore(
  redis: Redis,
  options: RedisStoreOptions = {},
): RedisKeyValueStore {
  const where = "createRedisStore";
  if (typeof redis !== "object" || redis === null || typeof redis.get !== "function") {
    throw new TypeError(
      `${where}: expected an ioredis client, got ${redis === null ? "null" : typeof redis}`,
    );
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
  // Refused before any command is sent; a rejection, as every other failure of these methods.
  const refused = (operation: string, key: unknown): Promise<never> | undefined => {
    try {
      assertWellFormedText(`KeyValueStore.${operation}`, "key", key);
      return undefined;
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    get: (key) => refused("get", key) ?? call("get", key, () => redis.get(full(key))),

    async set(key: string, value: string, setOptions?: KeyValueSetOptions) {
      assertWellFormedText("KeyValueStore.set", "key", key);
      assertWellFormedText("KeyValueStore.set", "value", value);
      const px = pxOf("KeyValueStore.set", setOptions);
      await call("set", key, () =>
        px > 0 ? redis.set(full(key), value, "PX", px) : redis.set(full(key), value),
      );
    },

    async compareAndSet(key, expected, next, setOptions) {
      assertWellFormedText("KeyValueStore.compareAndSet", "key", key);
      if (next !== null) assertWellFormedText("KeyValueStore.compareAndSet", "value", next);
      const px = pxOf("KeyValueStore.compareAndSet", setOptions);
      const written = await call("compareAndSet", key, () =>
        runScript(
          redis,
          COMPARE_AND_SET,
          [full(key)],
          [expected === null ? 0 : 1, expected ?? "", next === null ? 0 : 1, next ?? "", px],
        ),
      );
      return Number(written) === 1;
    },

    delete: (key) =>
      refused("delete", key) ?? call("delete", key, async () => (await redis.del(full(key))) > 0),

    exists: (key) =>
      refused("exists", key) ??
      call("exists", key, async () => (await redis.exists(full(key))) > 0),

    keys: (pattern = "*") =>
      call("keys", pattern, async () => {
        // The contract's glob knows only * and ?; brackets and backslashes are literal.
        const match = escapeGlob(prefix) + pattern.replace(/[[\]\\]/g, "\\$&");
        const keys = await scanKeys(redis, match, scanCount);
        return keys.map((key) => key.slice(prefix.length));
      }),
  };
}

// Seconds to whole milliseconds for PX; 0 means no expiry.
function pxOf(where: string, setOptions: KeyValueSetOptions | undefined): number {
  const ttl = setOptions?.ttl;
  if (ttl !== undefined && (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0)) {
    throw new RangeError(
      `${where}: "ttl" must be a non-negative number of seconds, got ${String(ttl)}`,
    );
  }
  return ttl ? Math.max(1, Math.ceil(ttl * 1000)) : 0;
}
