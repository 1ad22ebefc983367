// A worker process for the crash test: embeds 50 items in 10 batches of 5 inside a workflow
// checkpointed to Redis under a lease lock. Items of batches after <hangAfterBatch> never finish (0: none hang), so
// the test can SIGKILL the process while batch 4 is in flight.
// Usage: durable-worker.ts <redisUrl> <prefix> <runId> <hangAfterBatch>
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createRedisCheckpointer, createRedisLock } from "@awaitly/persistence-redis";
import { stepInBatches } from "@awaitly/batch";
import { Redis } from "ioredis";

const [url = "", prefix = "", runId = "", hangAfter = "0"] = process.argv.slice(2);
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const checkpoints = createRedisCheckpointer(redis, { prefix: `${prefix}run:` });
// The killed worker's lease outlives it by up to leaseMs; the next one waits for it to expire.
const lock = createRedisLock(redis, { prefix: `${prefix}lock:`, leaseMs: 1_500 });
const guard = lock.guard(runId, { waitMs: 15_000, pollMs: 50 });
const hooks = checkpoints.forRun(runId, { fence: guard });
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const batchOf = (index: number): number => Math.floor(index / 5) + 1;

const embed = async (index: number): AsyncResult<number, "EMBED_FAILED"> => {
  say(`item ${index}`);
  await redis.incr(`${prefix}calls:${index}`);
  if (Number(hangAfter) > 0 && batchOf(index) > Number(hangAfter)) await new Promise(() => {});
  return ok(index * index);
};

const workflow = createWorkflow(
  { embed },
  {
    ...hooks,
    shouldRun: guard.shouldRun,
    onAfterStep: async (stepKey, result) => {
      await hooks.onAfterStep(stepKey, result);
      say(`checkpoint ${stepKey}`);
    },
  },
);
const items = Array.from({ length: 50 }, (_, i) => i);
const result = await workflow(async (step, deps) =>
  stepInBatches(step, "embed", items, (i) => deps.embed(i), { batchSize: 5, concurrency: 2 }),
);
await guard.release();
say(`result ${JSON.stringify(result)}`);
await redis.quit();
