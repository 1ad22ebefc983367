import { createFileCache, createMemoryCache } from "@awaitly/persistence";
import { runPersistenceContract } from "@awaitly/persistence/contract";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeFs } from "./support/node-fs";

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await fsp.rm(root, { recursive: true, force: true });
});

runPersistenceContract(
  { describe, it, expect },
  {
    name: "memory",
    stepCache: {
      create: () => {
        const cache = createMemoryCache();
        return {
          setAsync: async (key, result) => cache.set(key, result),
          getAsync: async (key) => cache.get(key),
          deleteAsync: async (key) => cache.delete(key),
        };
      },
    },
  },
);

const directories = new WeakMap<object, string>();
runPersistenceContract(
  { describe, it, expect },
  {
    name: "file",
    stepCache: {
      async create() {
        const root = await fsp.mkdtemp(join(tmpdir(), "awaitly-contract-"));
        roots.push(root);
        const cache = createFileCache({ directory: join(root, "cache"), fs: nodeFs });
        await cache.init();
        directories.set(cache, join(root, "cache"));
        return cache;
      },
      // A second cache on the same directory reads what the first wrote to disk.
      async reopen(cache) {
        const reopened = createFileCache({ directory: directories.get(cache) ?? "", fs: nodeFs });
        await reopened.init();
        return reopened;
      },
    },
  },
);
