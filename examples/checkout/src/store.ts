import type { KeyValueStore } from "@awaitly/core";
import { createRedisStore } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { createFileStore } from "./file-store";

/**
 * The store everything durable goes to: Redis when `REDIS_URL` is set (several processes can share
 * it), otherwise a directory of files (the embedded default, nothing to install).
 */
export function openStore(options: {
  redisUrl?: string | undefined;
  dataDir: string;
  prefix?: string;
}): {
  store: KeyValueStore;
  kind: "redis" | "file";
  close: () => Promise<void>;
} {
  if (options.redisUrl) {
    const redis = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    return {
      store: createRedisStore(redis, { prefix: options.prefix ?? "awaitly-checkout:" }),
      kind: "redis",
      close: async () => {
        await redis.quit();
      },
    };
  }
  return { store: createFileStore(options.dataDir), kind: "file", close: async () => {} };
}
