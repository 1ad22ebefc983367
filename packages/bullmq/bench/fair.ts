/**
 * Fair dispatch against plain enqueue (`pnpm bench`): the same 1-step workflow, the same worker
 * (concurrency 50), runs enqueued 100 at a time while the worker drains them; measured from the
 * first enqueue to the last completion. Contenders, interleaved in every round:
 * - plain: `enqueue(input)`;
 * - fair, 10 keys × 5: `enqueue(input, { concurrencyKey })` over 10 keys, `concurrencyPerKey` 5
 *   (the same 50 runs in flight at most);
 * - fair, 1,000 keys × 1: one run per key (the dispatcher's ring at its longest).
 * BENCH_FAIR_RUNS runs per contender (default 2000), BENCH_ROUNDS rounds (default 3); prints
 * runs/s per round, the medians and fair ÷ plain. Needs Redis at REDIS_URL (default 127.0.0.1:6379).
 */
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RUNS = Number(process.env.BENCH_FAIR_RUNS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const client = () => new Redis(url, { maxRetriesPerRequest: null });
const prefix = `awaitly-bench-fair-${crypto.randomUUID()}`;
const step = async (i: number): AsyncResult<number, never> => ok(i + 1);

type Contender = { label: string; keys: number; perKey: number };
const contenders: Contender[] = [
  { label: "plain enqueue", keys: 0, perKey: 1 },
  { label: "fair, 10 keys × 5", keys: 10, perKey: 5 },
  { label: "fair, 1,000 keys × 1", keys: 1000, perKey: 1 },
];

async function round(contender: Contender, n: number): Promise<number> {
  const name = `fair-${n}-${contender.keys}`;
  const connection = client();
  const queue = createWorkflowQueue<number, number, never>(name, {
    connection,
    prefix,
    concurrencyPerKey: contender.perKey,
  });
  const workerConnection = client();
  const checkpoints = client();
  const worker = createWorkflowWorker(name, {
    connection: workerConnection,
    prefix,
    checkpointer: createRedisCheckpointer(checkpoints, { prefix: `${prefix}:cp:` }),
    concurrency: 50,
    progress: false,
    deps: { step },
    workflow: async (s, deps, i: number) => s(() => deps.step(i), { key: "one" }),
  });
  await worker.waitUntilReady();
  let completed = 0;
  const done = new Promise<void>((resolve) =>
    worker.bullWorker.on("completed", () => {
      if (++completed === RUNS) resolve();
    }),
  );
  const started = performance.now();
  for (let batch = 0; batch < RUNS; batch += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, RUNS - batch) }, (_, j) => {
        const i = batch + j;
        return queue.enqueue(
          i,
          contender.keys === 0
            ? { runId: `r${i}` }
            : { runId: `r${i}`, concurrencyKey: `k${i % contender.keys}` },
        );
      }),
    );
  }
  await done;
  const rate = RUNS / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.bullQueue.obliterate({ force: true });
  await queue.close();
  for (const c of [connection, workerConnection, checkpoints]) c.disconnect();
  return rate;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rates = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
for (let n = 0; n < ROUNDS; n++) {
  for (const contender of contenders) rates.get(contender.label)!.push(await round(contender, n));
}
const plain = median(rates.get("plain enqueue")!);
console.log(
  `fair dispatch, ${RUNS} one-step runs per contender, ${ROUNDS} rounds (load ${String((await import("node:os")).loadavg()[0]?.toFixed(2))})`,
);
for (const [label, xs] of rates) {
  console.log(
    `${label.padEnd(22)} runs/s ${xs.map((x) => x.toFixed(0)).join(" / ")}  median ${median(xs).toFixed(0)}  ÷ plain ${(median(xs) / plain).toFixed(2)}`,
  );
}
const cleanup = client();
let cursor = "0";
do {
  const [next, keys] = await cleanup.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
  if (keys.length > 0) await cleanup.del(...keys);
  cursor = next;
} while (cursor !== "0");
cleanup.disconnect();
