/**
 * Throughput against raw BullMQ (`pnpm bench`): the same Redis, process layout and concurrency;
 * jobs are added first, then one worker drains them. Raw jobs are no-ops; awaitly runs have 3 or
 * 10 keyed steps, each checkpointed (fenced by the job lock) before the next starts.
 * Needs Redis at REDIS_URL (default 127.0.0.1:6379).
 */
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const JOBS = Number(process.env.BENCH_JOBS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 50;
const client = (options: { enableAutoPipelining?: boolean } = {}) =>
  new Redis(url, { maxRetriesPerRequest: null, ...options });
// BENCH_AUTOPIPELINE=1 gives the checkpointer client enableAutoPipelining (round trips of concurrent runs share writes).
const AUTOPIPELINE = process.env.BENCH_AUTOPIPELINE === "1";
const probe = client();
try {
  await probe.ping();
} catch {
  console.error(`No Redis answers at ${url}; start one (redis-server) or set REDIS_URL.`);
  process.exit(1);
}

const prefix = `awaitly-bench-${crypto.randomUUID()}`;
const step = async (i: number): AsyncResult<number, never> => ok(i + 1);

async function drain(
  onStart: () => { done: Promise<void>; close: () => Promise<void> },
): Promise<number> {
  const started = performance.now();
  const { done, close } = onStart();
  await done;
  const seconds = (performance.now() - started) / 1000;
  await close();
  return JOBS / seconds;
}

function countTo(n: number, on: (listener: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    on(() => {
      if (++count === n) resolve();
    });
  });
}

async function rawRound(round: number): Promise<number> {
  const name = `raw-${round}`;
  const queue = new Queue(name, { connection: client(), prefix });
  await queue.addBulk(Array.from({ length: JOBS }, (_, i) => ({ name: "job", data: { i } })));
  const rate = await drain(() => {
    const worker = new Worker(name, async () => 1, {
      connection: client(),
      prefix,
      concurrency: CONCURRENCY,
    });
    return { done: countTo(JOBS, (l) => worker.on("completed", l)), close: () => worker.close() };
  });
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function awaitlyRound(round: number, steps: number): Promise<number> {
  const name = `awaitly-${steps}-${round}`;
  const queue = createWorkflowQueue<{ i: number }, number, never>(name, {
    connection: client(),
    prefix,
  });
  for (let i = 0; i < JOBS; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, JOBS - i) }, (_, j) => queue.enqueue({ i: i + j })),
    );
  }
  const rate = await drain(() => {
    const worker = createWorkflowWorker(name, {
      connection: client(),
      prefix,
      concurrency: CONCURRENCY,
      progress: process.env.BENCH_PROGRESS !== "0",
      checkpointer: createRedisCheckpointer(client({ enableAutoPipelining: AUTOPIPELINE }), {
        prefix: `${prefix}:cp:`,
      }),
      deps: { step },
      workflow: async (s, deps, input: { i: number }) => {
        let value = input.i;
        for (let k = 0; k < steps; k++) value = await s(() => deps.step(value), { key: `s${k}` });
        return value;
      },
    });
    return {
      done: countTo(JOBS, (l) => worker.bullWorker.on("completed", l)),
      close: () => worker.close(),
    };
  });
  await queue.bullQueue.obliterate({ force: true });
  await queue.close();
  return rate;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const raw: number[] = [];
const three: number[] = [];
const ten: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  raw.push(await rawRound(round));
  three.push(await awaitlyRound(round, 3));
  ten.push(await awaitlyRound(round, 10));
}
const r = median(raw);
const t3 = median(three);
const t10 = median(ten);
const usPerStep = ((1 / t10 - 1 / t3) / 7) * 1e6;
const row = (label: string, rate: number) =>
  `| ${label} | ${rate.toFixed(0)} | ${(rate / r).toFixed(2)}× |`;
console.log(
  `${JOBS} jobs per round, median of ${ROUNDS} rounds, concurrency ${CONCURRENCY}, one worker process, checkpointer client auto-pipelined: ${String(AUTOPIPELINE)}`,
);
console.log("| contender | runs/s | vs raw BullMQ |");
console.log("| --- | ---: | ---: |");
console.log(row("raw BullMQ no-op job", r));
console.log(row("awaitly run, 3 checkpointed steps", t3));
console.log(row("awaitly run, 10 checkpointed steps", t10));
console.log(`µs per extra checkpointed step (from 3 → 10 steps): ${usPerStep.toFixed(1)}`);
probe.disconnect();
process.exit(0);
