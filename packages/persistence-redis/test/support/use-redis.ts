import { Redis } from "ioredis";
import { afterEach, beforeEach, inject } from "vitest";

/** Per test: a connected client and a random key prefix; every key under it is deleted afterwards. */
export function useRedis(): {
  readonly redis: Redis;
  readonly prefix: string;
  readonly url: string;
} {
  const url = inject("redisUrl");
  const state = { redis: undefined as Redis | undefined, prefix: "" };
  beforeEach(() => {
    state.redis = new Redis(url, { maxRetriesPerRequest: 1 });
    state.prefix = `awaitly-test:${crypto.randomUUID()}:`;
  });
  afterEach(async () => {
    const redis = state.redis;
    if (redis === undefined) return;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${state.prefix}*`, "COUNT", 10_000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await redis.quit();
  });
  return {
    get redis() {
      if (state.redis === undefined)
        throw new Error("useRedis: the client exists only inside a test");
      return state.redis;
    },
    get prefix() {
      return state.prefix;
    },
    url,
  };
}
