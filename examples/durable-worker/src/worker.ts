// One worker process: `WORKER_NAME=a NAMESPACE=demo node --import tsx src/worker.ts`.
import { createWorkflowWorker } from "@awaitly/bullmq";
import { Redis } from "ioredis";
import { redisCheckpoints } from "./checkpoints";
import { QUEUE, orderDeps, orderWorkflow, type Order } from "./orders";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;
const namespace = process.env.NAMESPACE ?? "awaitly-durable-demo";

const ran = new Set<string>();

const worker = createWorkflowWorker(QUEUE, {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix: namespace,
  // Checkpoints in PostgreSQL instead, one line changed (and postgresCheckpoints imported):
  //   checkpointer: await postgresCheckpoints(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"),
  checkpointer: await redisCheckpoints(url, namespace),
  deps: orderDeps(new Redis(url), namespace, (key) => ran.add(key)),
  concurrency: 2,
  // Short leases so the demo's killed worker hands its run on within seconds.
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
  workflow: (step, deps, order: Order, run) => {
    if (run.attempt > 1)
      console.log(`${name} resumed ${run.runId} (attempt ${String(run.attempt)})`);
    // A step that ran here was just checkpointed; one that did not was replayed from Redis.
    return orderWorkflow(step, deps, order, run, (key) =>
      console.log(
        `${name} ${ran.has(run.idempotencyKey(key)) ? "checkpointed" : "replayed"} ${run.runId} ${key}`,
      ),
    );
  },
});
await worker.waitUntilReady();
console.log(`${name} ready`);
process.once("SIGTERM", () => void worker.close().then(() => process.exit(0)));
