// A worker process for the crash test: runs a 20-step keyed workflow checkpointed to Redis under a
// lease lock. Usage: worker.ts <redisUrl> <prefix> <runId> <stepDelayMs>
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createRedisCheckpointer, createRedisLock } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const [url = "", prefix = "", runId = "", delay = "0"] = process.argv.slice(2);
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const lock = createRedisLock(redis, { prefix: `${prefix}lock:`, leaseMs: 1_500 });
const checkpoints = createRedisCheckpointer(redis, { prefix: `${prefix}run:` });
const say = (line: string): void => void process.stdout.write(`${line}\n`);

// The side effect: a Redis counter per step, so the test can count how often each one ran.
const effect = async (i: number): AsyncResult<number, never> => {
  await redis.incr(`${prefix}effect:${i}`);
  say(`effect ${i}`);
  await new Promise((resolve) => setTimeout(resolve, Number(delay)));
  return ok(i * i);
};

const guard = lock.guard(runId, { waitMs: 15_000, pollMs: 50 });
const workflow = createWorkflow(
  { effect },
  { ...checkpoints.forRun(runId, { fence: guard }), shouldRun: guard.shouldRun },
);
const result = await workflow(async (step, { effect }) => {
  say("started");
  let sum = 0;
  for (let i = 1; i <= 20; i++) sum += await step(() => effect(i), { key: `step:${i}` });
  return sum;
});
await guard.release();
say(`result ${JSON.stringify(result)}`);
await redis.quit();
