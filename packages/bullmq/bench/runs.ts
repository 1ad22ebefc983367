/**
 * Run-list reads over a large queue (`pnpm bench:runs`): BENCH_RUNS runs (default 100,000) are
 * enqueued (no worker: they wait), a third are cancelled, and 1,000 more are run by a worker, half
 * failing with one of two error types. Then each filter answers BENCH_READS pages of 50 (default
 * 200), and the p50/p95/max per page is printed: all runs, waiting, cancelled, failed by error
 * type, a time window, and the 20th page through cursors. Needs Redis at REDIS_URL.
 */
import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker, type RunsFilter } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const READS = Number(process.env.BENCH_READS ?? 200);
const prefix = `bench-runs-${process.pid}`;
const connection = new Redis(url, { maxRetriesPerRequest: null });
const workerConnection = new Redis(url, { maxRetriesPerRequest: null });
type Input = { n: number };
type Failure = { type: "DECLINED" } | { type: "OUT_OF_STOCK" };
const queue = createWorkflowQueue<Input, number, Failure>("runs", { connection, prefix });

const inParallel = async (count: number, width: number, task: (i: number) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
};

const started = Date.now();
await inParallel(RUNS, 200, (i) => queue.enqueue({ n: i }, { runId: `run-${i}` }));
await inParallel(Math.floor(RUNS / 3), 200, (i) => queue.cancel(`run-${i * 3}`));
const worked = createWorkflowQueue<Input, number, Failure>("worked", { connection, prefix });
const check = async (n: number): AsyncResult<number, Failure> =>
  n % 2 === 0 ? ok(n) : err(n % 4 === 1 ? { type: "DECLINED" } : { type: "OUT_OF_STOCK" });
const worker = createWorkflowWorker("worked", {
  connection: workerConnection,
  prefix,
  concurrency: 50,
  checkpointer: createRedisCheckpointer(new Redis(url), { prefix: `${prefix}:cp:` }),
  deps: { check },
  workflow: async (step, deps, input: Input) => step(() => deps.check(input.n), { key: "check" }),
});
await inParallel(1000, 100, (i) => worked.enqueue({ n: i }, { runId: `w-${i}` }));
await inParallel(1000, 100, (i) => worked.result(`w-${i}`, { timeoutMs: 120_000 }));
await worker.close();
console.log(`seeded ${RUNS} + 1000 runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log("counts", JSON.stringify(await queue.counts()), JSON.stringify(await worked.counts()));

const deepCursor = async (): Promise<string | undefined> => {
  let cursor: string | undefined;
  for (let i = 0; i < 19; i++) cursor = (await queue.runs({ cursor, limit: 50 })).cursor;
  return cursor;
};
const cursor20 = await deepCursor();
const now = Date.now();
const cases: Array<[string, typeof queue, RunsFilter]> = [
  ["all runs", queue, {}],
  ["status waiting", queue, { status: "waiting" }],
  ["status cancelled", queue, { status: "cancelled" }],
  ["status waiting, last 10 min", queue, { status: "waiting", since: now - 600_000, until: now }],
  ["20th page (cursor)", queue, { cursor: cursor20 }],
  ["failed, errorType DECLINED", worked, { status: "failed", errorType: "DECLINED" }],
];
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
for (const [label, q, filter] of cases) {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now();
    const page = await q.runs({ limit: 50, ...filter });
    times.push(performance.now() - t0);
    size = page.runs.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(30)} page ${String(size).padStart(2)}  p50 ${pct(times, 0.5).toFixed(2)} ms  p95 ${pct(times, 0.95).toFixed(2)} ms  max ${(times.at(-1) ?? 0).toFixed(2)} ms`,
  );
}
console.log(
  `load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

await queue.close();
await worked.close();
let scan = "0";
do {
  const [next, keys] = await connection.scan(scan, "MATCH", `${prefix}*`, "COUNT", 1000);
  if (keys.length > 0) await connection.del(...keys);
  scan = next;
} while (scan !== "0");
await connection.quit();
await workerConnection.quit();
process.exit(0);
