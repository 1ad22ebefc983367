// A process running a parent and a child worker, for the child-run crash test:
// `node --import tsx child-runs-worker.ts <url> <prefix>`. Parents ("orders") start four child
// runs ("items") fail-fast; item 2 of every third order fails with a typed error.
import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const [url, prefix] = process.argv.slice(2) as [string, string];
const client = () => new Redis(url, { maxRetriesPerRequest: null });
const timing = { lockDurationMs: 1500, stalledIntervalMs: 750, childRecheckMs: 500 };

export type Item = { order: number; k: number };
export type ItemError = { type: "ITEM_FAILED"; order: number; k: number };

const items = createWorkflowQueue<Item, number, ItemError>("items", {
  connection: client(),
  prefix,
});
const work = async (item: Item): AsyncResult<number, ItemError> => {
  await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
  return item.order % 3 === 0 && item.k === 2
    ? err({ type: "ITEM_FAILED", order: item.order, k: item.k })
    : ok(item.order * 10 + item.k);
};
const itemWorker = createWorkflowWorker("items", {
  connection: client(),
  prefix,
  checkpointer: createRedisCheckpointer(client(), { prefix: `${prefix}:cp:` }),
  concurrency: 4,
  ...timing,
  deps: { work },
  workflow: async (step, deps, item: Item) => step(() => deps.work(item), { key: "work" }),
});
const orderWorker = createWorkflowWorker("orders", {
  connection: client(),
  prefix,
  checkpointer: createRedisCheckpointer(client(), { prefix: `${prefix}:cp:` }),
  concurrency: 2,
  ...timing,
  deps: {},
  workflow: async (_step, _deps, order: number, run) => {
    const all = await run.children(
      items,
      [0, 1, 2, 3].map((k) => ({ key: String(k), input: { order, k } })),
    );
    return all.ok ? all.value.reduce((a, b) => a + b, 0) : `failed ${JSON.stringify(all.error)}`;
  },
});
await Promise.all([itemWorker.waitUntilReady(), orderWorker.waitUntilReady()]);
process.stdout.write("ready\n");
