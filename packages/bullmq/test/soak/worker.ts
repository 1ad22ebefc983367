// One soak worker process: `node --import tsx worker.ts <url> <prefix> <queue> <concurrency> <lockMs> <stalledMs>`
// (`url` may be a `redis-cluster://host:port,…` URL: see ../support/connect.ts).
// Each of the 5 steps counts its side effect in Redis, and notes when it runs although its
// checkpoint already exists (a checkpointed step re-run: must never happen).
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowWorker } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { connect } from "../support/connect";

const [url, prefix, queue, concurrency, lockMs, stalledMs] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const redis = connect(url);
const sideEffects = connect(url, { bullmq: false });
const checkpointPrefix = `${prefix}:cp:`;
// The worker leads each checkpoint id with the queue's hash tag when the prefix has one.
const tag = /\{[^}]+\}/.exec(prefix)?.[0];
const checkpointKey = (runId: string): string =>
  `${checkpointPrefix}${tag === undefined ? "" : `${tag}:`}${queue}:${runId}`;

const addOne = async (
  runId: string,
  key: string,
  value: number,
  attempt: number,
): AsyncResult<number, never> => {
  await sideEffects.rpush(
    `${prefix}:soak:trace:${runId}`,
    `${key} attempt ${String(attempt)} pid ${String(process.pid)} at ${String(Date.now())}`,
  );
  const checkpointed = await sideEffects.hexists(checkpointKey(runId), key);
  if (checkpointed === 1)
    await sideEffects.hincrby(`${prefix}:soak:rerun-checkpointed`, `${runId}:${key}`, 1);
  await sideEffects.hincrby(`${prefix}:soak:effects`, `${runId}:${key}`, 1);
  await new Promise((r) => setTimeout(r, 40 + Math.random() * 120));
  return ok(value + 1);
};

const worker = createWorkflowWorker("soak", {
  connection: redis,
  prefix,
  checkpointer: createRedisCheckpointer(connect(url, { bullmq: false }), {
    prefix: checkpointPrefix,
  }),
  concurrency: Number(concurrency),
  lockDurationMs: Number(lockMs),
  stalledIntervalMs: Number(stalledMs),
  deps: { addOne },
  workflow: async (step, deps, input: { n: number }, run) => {
    if (run.attempt > 1) await sideEffects.rpush(`${prefix}:soak:resumes`, String(Date.now()));
    let value = input.n;
    for (const key of ["s1", "s2", "s3", "s4", "s5"]) {
      value = await step(() => deps.addOne(run.runId, key, value, run.attempt), { key });
    }
    return value;
  },
});
await worker.waitUntilReady();
process.stdout.write("ready\n");
