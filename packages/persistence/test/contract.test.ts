import {
  createCheckpointHooks,
  createFileCache,
  createMemoryCache,
  saveCheckpoint,
} from "@awaitly/persistence";
import { runPersistenceContract } from "@awaitly/persistence/contract";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryCheckpoints, type MemoryLease } from "./support/memory-checkpoints";
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

// A third store in a few dozen lines of I/O: the policy (createCheckpointHooks) does the rest.
type MemoryCheckpoints = ReturnType<typeof createMemoryCheckpoints>;
const memoryLocks = new WeakMap<object, MemoryCheckpoints>();
const memoryLock = {
  create() {
    const checkpoints = createMemoryCheckpoints();
    const lock = { acquire: checkpoints.acquire };
    memoryLocks.set(lock, checkpoints);
    return lock;
  },
  async expire(lock: object, key: string) {
    memoryLocks.get(lock)?.expire(key);
  },
};
runPersistenceContract<MemoryLease>(
  { describe, it, expect },
  {
    name: "memory checkpoint I/O",
    checkpointer: {
      create(lock) {
        const { io } = (lock && memoryLocks.get(lock)) ?? createMemoryCheckpoints();
        return {
          save: (runId, stepKey, entry) => saveCheckpoint(io, runId, stepKey, entry, false),
          saveFenced: (runId, stepKey, entry, lease) =>
            createCheckpointHooks(io, runId, { fence: lease }).onAfterStep(stepKey, entry.result),
          invalidate: (runId, stepKey) =>
            createCheckpointHooks(io, runId, { fence: false }).onStepInvalidated(stepKey),
          invalidateFenced: (runId, stepKey, lease) =>
            createCheckpointHooks(io, runId, { fence: lease }).onStepInvalidated(stepKey),
          load: (runId) => io.load(runId),
          delete: (runId) => io.delete(runId),
          list: () => io.list(),
          hooks: (runId) => createCheckpointHooks(io, runId, { fence: false }),
        };
      },
      lock: memoryLock,
    },
  },
);
