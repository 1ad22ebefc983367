import { setTimeout as sleep } from "node:timers/promises";
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createRedisCheckpointer, createRedisLock } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { STEPS, jobKeys } from "./jobs";

/**
 * A worker process: repeatedly claims a pending run (a Redis lease, so one worker per run), runs
 * it with every keyed step checkpointed to Redis, and marks it done. Kill it at any point: once
 * its lease expires another worker resumes the run from the last checkpoint.
 */
const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;
const namespace = process.env.NAMESPACE ?? "awaitly-durable";
const stepMs = Number(process.env.STEP_MS ?? 150);
const keys = jobKeys(namespace);
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
// Checkpoints of finished or abandoned runs expire a day after their last step.
const checkpoints = createRedisCheckpointer(redis, { prefix: keys.checkpointPrefix, ttl: 86_400 });
const locks = createRedisLock(redis, { prefix: keys.lockPrefix, leaseMs: 1_000 });
const say = (line: string) => process.stdout.write(`${name} ${line}\n`);

// Each step "does work" and records its side effect, so the demo can count real executions.
const work = async (runId: string, stepName: string, input: number): AsyncResult<number, never> => {
  await sleep(stepMs);
  await redis.hincrby(keys.effects(runId), stepName, 1);
  return ok(input + 1);
};
const deps = { work };

async function runOne(runId: string): Promise<boolean> {
  const guard = locks.guard(runId);
  if (!(await guard.shouldRun())) return false;
  try {
    // Another worker may have finished it since we listed the pending runs.
    if (await redis.sismember(keys.done, runId)) return false;
    const hooks = checkpoints.forRun(runId, { fence: guard });
    const workflow = createWorkflow(deps, {
      ...hooks,
      onAfterStep: async (stepKey, result) => {
        await hooks.onAfterStep(stepKey, result);
        say(`checkpointed ${runId} ${stepKey}`);
      },
      onEvent: (event) => {
        if (event.type === "step_cache_hit") say(`replayed ${runId} ${event.stepKey}`);
      },
    });
    const result = await workflow(async (step, { work }) => {
      let value = 0;
      for (const stepName of STEPS) {
        value = await step(() => work(runId, stepName, value), { key: stepName, name: stepName });
      }
      return value;
    });
    if (!result.ok) {
      say(`failed ${runId} ${JSON.stringify(result.error)}`);
      return true;
    }
    await redis
      .multi()
      .set(keys.result(runId), String(result.value))
      .srem(keys.pending, runId)
      .sadd(keys.done, runId)
      .exec();
    say(`completed ${runId} = ${result.value}`);
    return true;
  } finally {
    await guard.release();
  }
}

say("ready");
while (!process.env.STOP) {
  const pending = await redis.smembers(keys.pending);
  if (pending.length === 0) break;
  let worked = false;
  for (const runId of pending) worked = (await runOne(runId)) || worked;
  if (!worked) await sleep(100);
}
say("idle, exiting");
await redis.quit();
