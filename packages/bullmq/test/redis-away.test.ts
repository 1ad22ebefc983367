import { ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  isRedisUnavailableError,
  type WorkflowQueue,
  type WorkflowWorker,
} from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureRedis, freePort } from "../../../test-support/redis-server";

// A redis-server of the test's own, on a free port, stopped and started again by the test.
let url = "";
let port = 0;
let stop: () => Promise<void> = async () => {};
const clients: Redis[] = [];
const closables: Array<WorkflowQueue<unknown, unknown, unknown> | WorkflowWorker> = [];

const start = async (): Promise<void> => {
  stop = (await ensureRedis(url, port)).stop;
};
const client = (quiet = false): Redis => {
  const made = new Redis(url, { maxRetriesPerRequest: null });
  // The checkpointer's client is the test's own to silence; the queue's and the worker's clients
  // are quiet because the package listens (and reports through onError).
  if (quiet) made.on("error", () => {});
  clients.push(made);
  return made;
};
const readyAgain = (redis: Redis): Promise<void> =>
  redis.status === "ready" ? Promise.resolve() : new Promise((r) => redis.once("ready", r));

beforeEach(async () => {
  port = await freePort();
  url = `redis://127.0.0.1:${String(port)}`;
  await start();
});
afterEach(async () => {
  for (const closable of closables.splice(0).reverse()) await closable.close({ timeoutMs: 1000 });
  for (const made of clients.splice(0)) made.disconnect();
  await stop();
});

const unavailable = (answer: { ok: boolean; error?: unknown }) =>
  !answer.ok && isRedisUnavailableError(answer.error);

describe("Redis unreachable", () => {
  it("answers producer calls with a RedisUnavailableError in bounded time, reports once, and works again when Redis is back", async () => {
    const errors: Error[] = [];
    const connection = client();
    const queue = createWorkflowQueue<{ id: number }, string, never>("away", {
      connection,
      redisTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    closables.push(queue);
    expect((await queue.enqueue({ id: 1 }, { runId: "before" })).ok).toBe(true);

    await stop();
    expect(unavailable(await queue.enqueue({ id: 2 }, { runId: "during" }))).toBe(true);
    expect(unavailable(await queue.result("before", { timeoutMs: 100 }))).toBe(true);
    expect(unavailable(await queue.signal("before", "go", 1))).toBe(true);
    expect(unavailable(await queue.cancel("before"))).toBe(true);
    expect(unavailable(await queue.resume("before"))).toBe(true);
    await expect(queue.schedule("tick", { every: 1000 }, { id: 3 })).rejects.toSatisfy(
      isRedisUnavailableError,
    );
    expect(errors.filter(isRedisUnavailableError)).toHaveLength(1);

    await start();
    await readyAgain(connection);
    expect((await queue.enqueue({ id: 4 }, { runId: "after" })).ok).toBe(true);
  });

  it("reports a worker's outage once through onError and resumes when Redis is back", async () => {
    const errors: Error[] = [];
    const work = async (id: number): AsyncResult<string, never> => ok(`done ${String(id)}`);
    const workerConnection = client();
    const worker = createWorkflowWorker("away", {
      connection: workerConnection,
      checkpointer: createRedisCheckpointer(client(true)),
      deps: { work },
      onError: (error) => errors.push(error),
      workflow: async (step, d, input: { id: number }) =>
        step(() => d.work(input.id), { key: "work" }),
    });
    closables.push(worker);
    const queueConnection = client();
    const queue = createWorkflowQueue<{ id: number }, string, never>("away", {
      connection: queueConnection,
    });
    closables.push(queue);
    await worker.waitUntilReady();
    await queue.enqueue({ id: 1 }, { runId: "before" });
    expect(await queue.result("before", { timeoutMs: 10_000 })).toEqual(ok("done 1"));

    await stop();
    // Several reconnect attempts fail meanwhile.
    await new Promise((r) => setTimeout(r, 1500));
    expect(errors.filter(isRedisUnavailableError)).toHaveLength(1);
    expect(errors.filter((e) => !isRedisUnavailableError(e))).toEqual([]);

    await start();
    await readyAgain(workerConnection);
    await readyAgain(queueConnection);
    const enqueued = await queue.enqueue({ id: 7 }, { runId: "after" });
    expect(enqueued.ok).toBe(true);
    expect(await queue.result("after", { timeoutMs: 15_000 })).toEqual(ok("done 7"));
    expect(errors.filter(isRedisUnavailableError)).toHaveLength(1);
  });
});
