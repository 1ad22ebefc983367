// A worker process whose runs never end, for the fair-slot crash test:
// `node --import tsx fair-worker.ts <url> <prefix>`; prints each run id it starts.
import { createWorkflowWorker } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const [url, prefix] = process.argv.slice(2) as [string, string];
const worker = createWorkflowWorker("fair", {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix,
  checkpointer: createRedisCheckpointer(new Redis(url), { prefix: `${prefix}:cp:` }),
  lockDurationMs: 1000,
  stalledIntervalMs: 500,
  deps: {},
  workflow: async (_step, _deps, _input: number, run): Promise<number> => {
    process.stdout.write(`started ${run.runId}\n`);
    return new Promise(() => {});
  },
});
await worker.waitUntilReady();
process.stdout.write("ready\n");
