import type { AnyResultFn } from "@awaitly/core";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { afterEach, beforeEach, inject } from "vitest";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  type RunCheckpointer,
  type WorkflowQueue,
  type WorkflowWorker,
  type WorkflowWorkerOptions,
} from "@awaitly/bullmq";

type Closable = { close(): Promise<void> };

/**
 * Per test: a BullMQ-ready client, a unique key prefix (BullMQ's and the checkpointer's), and a
 * list of queues/workers closed afterwards, before every key under the prefix is deleted.
 */
export function useBull(): {
  readonly redis: Redis;
  readonly prefix: string;
  readonly url: string;
  checkpointer(): RunCheckpointer;
  client(): Redis;
  track<T extends Closable>(thing: T): T;
  /** A tracked queue on the test's client and prefix. */
  queue<TInput, TValue, TError>(name: string): WorkflowQueue<TInput, TValue, TError>;
  /** A tracked worker on a client of its own, the test's prefix and a fresh checkpointer. */
  worker<TInput, const Deps extends Readonly<Record<string, AnyResultFn>>, TValue>(
    name: string,
    options: Omit<WorkflowWorkerOptions<Deps, TInput, TValue>, "connection" | "checkpointer">,
  ): WorkflowWorker;
} {
  const url = inject("redisUrl");
  const state = {
    redis: undefined as Redis | undefined,
    prefix: "",
    clients: [] as Redis[],
    closables: [] as Closable[],
  };
  const client = (): Redis => {
    const made = new Redis(url, { maxRetriesPerRequest: null });
    state.clients.push(made);
    return made;
  };
  const checkpointer = (): RunCheckpointer =>
    createRedisCheckpointer(client(), { prefix: `${state.prefix}:cp:` });
  const track = <T extends Closable>(thing: T): T => {
    state.closables.push(thing);
    return thing;
  };
  const current = (): Redis => {
    if (state.redis === undefined) throw new Error("useBull: the client exists only inside a test");
    return state.redis;
  };
  beforeEach(() => {
    state.redis = client();
    state.prefix = `awaitly-test-${crypto.randomUUID()}`;
  });
  afterEach(async () => {
    for (const closable of state.closables.splice(0).reverse()) await closable.close();
    const redis = state.redis;
    if (redis === undefined) return;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${state.prefix}*`, "COUNT", 10_000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    for (const made of state.clients.splice(0)) made.disconnect();
    // The SCAN walks the whole database: on a Redis shared with benchmarks that takes a while.
  }, 120_000);
  return {
    get redis() {
      return current();
    },
    get prefix() {
      return state.prefix;
    },
    url,
    checkpointer,
    client,
    track,
    queue: (name) =>
      track(createWorkflowQueue(name, { connection: current(), prefix: state.prefix })),
    worker: (name, options) =>
      track(
        createWorkflowWorker(name, {
          prefix: state.prefix,
          ...options,
          connection: client(),
          checkpointer: checkpointer(),
        }),
      ),
  };
}
