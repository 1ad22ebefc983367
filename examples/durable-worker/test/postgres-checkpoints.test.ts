import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresCheckpoints } from "../src/checkpoints";
import { QUEUE, orderDeps, orderWorkflow, type Order } from "../src/orders";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

describe("checkpoints in PostgreSQL (the one-line switch in src/worker.ts)", () => {
  it("runs an order on BullMQ with every step checkpointed to PostgreSQL", async () => {
    const namespace = `awaitly-durable-pg-${crypto.randomUUID()}`;
    const schema = `awaitly_demo_${process.pid}`;
    const pool = new pg.Pool({ connectionString: databaseUrl });
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = createWorkflowQueue<Order, string, never>(QUEUE, {
      connection: redis,
      prefix: namespace,
    });
    const rows: Array<Promise<number>> = [];
    const worker = createWorkflowWorker(QUEUE, {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix: namespace,
      checkpointer: await postgresCheckpoints(databaseUrl, schema),
      deps: orderDeps(redis, namespace, () => {}),
      workflow: (step, deps, order: Order, run) =>
        orderWorkflow(step, deps, order, run, () => {
          // Each step's checkpoint row exists by the time the step returns.
          rows.push(
            pool
              .query(
                `SELECT count(*)::int AS n FROM "${schema}".awaitly_checkpoints WHERE run_id LIKE $1`,
                [`%${run.runId}%`],
              )
              .then((result) => (result.rows[0] as { n: number }).n),
          );
        }),
    });
    try {
      await worker.waitUntilReady();
      await queue.enqueue({ orderId: "1", amount: 10 }, { runId: "order-1" });
      const result = await queue.result("order-1", { timeoutMs: 60_000 });
      expect(result).toStrictEqual({ ok: true, value: "order 1 shipped" });
      expect(await Promise.all(rows)).toStrictEqual([1, 2, 3, 4, 5]);
    } finally {
      await worker.close();
      await queue.close();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${namespace}*`, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      redis.disconnect();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }, 90_000);
});
