import { err, ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  isRunCancelledError,
  isRunConflictError,
  type WorkflowRun,
} from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import type { Cluster, Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRedisCluster, type LocalRedisCluster } from "../../../test-support/redis-cluster";
import { runSoak } from "./soak/run-soak";
import { clusterUrl, connect, deleteKeys } from "./support/connect";
import { waitFor } from "./support/wait-for";

let cluster: LocalRedisCluster | undefined;
let url = "";
let prefix = "";
let redis: Redis | Cluster;
const clients: Array<Redis | Cluster> = [];
const closables: Array<{ close(): Promise<void> }> = [];
const patterns: string[] = [];

const client = (bullmq = true): Redis | Cluster => {
  const made = connect(url, { bullmq });
  clients.push(made);
  return made;
};
const track = <T extends { close(): Promise<void> }>(thing: T): T => {
  closables.push(thing);
  return thing;
};

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  url = clusterUrl(cluster.nodes);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});
beforeEach(() => {
  prefix = `{awaitly-${crypto.randomUUID()}}`;
  redis = client();
});
afterEach(async () => {
  for (const closable of closables.splice(0).reverse()) await closable.close();
  for (const pattern of [`${prefix}*`, ...patterns.splice(0)]) await deleteKeys(redis, pattern);
  for (const made of clients.splice(0)) made.disconnect();
});

// Three steps that count their executions; step `b` can be held until `release()`.
function threeSteps(holdAtB: boolean) {
  const runs: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const work = async (name: string): AsyncResult<string, never> => {
    runs.push(name);
    if (holdAtB && name === "b") await held;
    return ok(name);
  };
  const deps = { work };
  const worker = () =>
    track(
      createWorkflowWorker("orders", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
        deps,
        workflow: async (step, d, _input: { id: number }) => {
          const a = await step(() => d.work("a"), { key: "a" });
          const b = await step(() => d.work("b"), { key: "b" });
          const c = await step(() => d.work("c"), { key: "c" });
          return `${a}${b}${c}`;
        },
      }),
    );
  return { runs, release, worker };
}

const queueOf = () =>
  track(
    createWorkflowQueue<{ id: number }, string, never>("orders", { connection: redis, prefix }),
  );

describe("on Redis Cluster", () => {
  it("refuses a BullMQ prefix without a hash tag, and a checkpointer whose keys carry another tag", () => {
    expect(() => createWorkflowQueue("orders", { connection: redis, prefix: "bull" })).toThrow(
      /on Redis Cluster option "prefix" \(or the queue name\) must contain a hash tag/,
    );
    const base = {
      connection: redis,
      deps: {},
      workflow: async () => "done",
    };
    expect(() =>
      createWorkflowWorker("orders", {
        ...base,
        prefix: "bull",
        checkpointer: createRedisCheckpointer(redis),
      }),
    ).toThrow(/must contain a hash tag/);
    expect(() =>
      createWorkflowWorker("orders", {
        ...base,
        prefix,
        checkpointer: createRedisCheckpointer(redis, { prefix: "{elsewhere}:cp:" }),
      }),
    ).toThrow(/the checkpointer's keys must share the job lock's hash tag/);
  });

  it("accepts the hash tag in the queue name instead of the prefix", async () => {
    const name = `{orders-${crypto.randomUUID()}}`;
    const checkpointPrefix = `cp-${crypto.randomUUID()}:`;
    patterns.push(`bull:${name}*`, `${checkpointPrefix}*`);
    const queue = track(
      createWorkflowQueue<{ id: number }, string, never>(name, { connection: redis }),
    );
    const work = async (): AsyncResult<string, never> => ok("done");
    track(
      createWorkflowWorker(name, {
        connection: client(),
        checkpointer: createRedisCheckpointer(client(false), { prefix: checkpointPrefix }),
        deps: { work },
        workflow: async (step, d) => step(() => d.work(), { key: "work" }),
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "named" });
    expect(await queue.result("named", { timeoutMs: 10_000 })).toStrictEqual(ok("done"));
  });

  it("runs child runs on a queue in another slot, fair-dispatched runs and a debounced batch", async () => {
    // The children's queue has a hash tag of its own: the parent's wake and cancel cross slots.
    const childPrefix = `{awaitly-${crypto.randomUUID()}}`;
    patterns.push(`${childPrefix}*`);
    const worker = <TInput, TValue>(
      name: string,
      at: string,
      workflow: (input: TInput, run: WorkflowRun) => Promise<TValue>,
    ) =>
      track(
        createWorkflowWorker(name, {
          connection: client(),
          prefix: at,
          checkpointer: createRedisCheckpointer(client(false), { prefix: `${at}:cp:` }),
          deps: {},
          workflow: async (_step, _deps, input: TInput, run) => workflow(input, run),
        }),
      );
    const items = track(
      createWorkflowQueue<number, number, never>("items", {
        connection: redis,
        prefix: childPrefix,
      }),
    );
    worker("items", childPrefix, async (n: number) => n * 2);
    const orders = track(
      createWorkflowQueue<number[], number[], never>("orders", {
        connection: redis,
        prefix,
        concurrencyPerKey: 1,
      }),
    );
    worker("orders", prefix, async (ns: number[], run) => {
      const doubled = await run.children(
        items,
        ns.map((n) => ({ key: String(n), input: n })),
      );
      return doubled.ok ? doubled.value : [];
    });
    await orders.enqueue([1, 2], { runId: "fair-a", concurrencyKey: "a" });
    await orders.enqueue([3], { runId: "fair-b", concurrencyKey: "b" });
    expect(await orders.result("fair-a", { timeoutMs: 15_000 })).toStrictEqual(ok([2, 4]));
    expect(await orders.result("fair-b", { timeoutMs: 15_000 })).toStrictEqual(ok([6]));
    const first = await orders.debounce("batch", 5, { quietMs: 200 });
    const second = await orders.debounce("batch", 6, { quietMs: 200 });
    if (!first.ok || !second.ok) throw new Error("debounce refused");
    expect(second.value.runId).toBe(first.value.runId);
    expect(await orders.result(first.value.runId, { timeoutMs: 15_000 })).toStrictEqual(
      ok([10, 12]),
    );
  });

  it("enqueues, dedupes by run id (also after the run finished) and gives the typed result", async () => {
    const flow = threeSteps(false);
    const queue = queueOf();
    flow.worker();
    const first = await queue.enqueue({ id: 1 }, { runId: "order-1" });
    expect(first).toStrictEqual(ok({ runId: "order-1", deduplicated: false }));
    expect(await queue.enqueue({ id: 1 }, { runId: "order-1" })).toStrictEqual(
      ok({ runId: "order-1", deduplicated: true }),
    );
    const conflict = await queue.enqueue({ id: 2 }, { runId: "order-1" });
    expect(!conflict.ok && isRunConflictError(conflict.error)).toBe(true);
    expect(await queue.result("order-1", { timeoutMs: 10_000 })).toStrictEqual(ok("abc"));
    await queue.bullQueue.clean(0, 100, "completed");
    expect(await queue.enqueue({ id: 1 }, { runId: "order-1" })).toStrictEqual(
      ok({ runId: "order-1", deduplicated: true }),
    );
    expect(flow.runs).toStrictEqual(["a", "b", "c"]);
  });

  it("fences checkpoint writes with the job lock in one slot: a stolen lock stops the run", async () => {
    const flow = threeSteps(true);
    const queue = queueOf();
    flow.worker();
    await queue.enqueue({ id: 1 }, { runId: "stolen" });
    await waitFor(() => flow.runs.includes("b"));
    const tag = prefix.slice(0, prefix.indexOf("}") + 1);
    const checkpointKey = `${prefix}:cp:${tag}:orders:stolen`;
    const lockKey = `${prefix}:orders:r_stolen:lock`;
    expect(await redis.cluster("KEYSLOT", checkpointKey)).toBe(
      await redis.cluster("KEYSLOT", lockKey),
    );
    // Step a's fenced write (checkpoint hash and lock key in one script) landed on the cluster.
    expect(Object.keys(await redis.hgetall(checkpointKey))).toContain("a");
    await redis.set(lockKey, "another-worker", "PX", 60_000);
    flow.release();
    await new Promise((r) => setTimeout(r, 500));
    expect(flow.runs).toStrictEqual(["a", "b"]);
    expect(Object.keys(await redis.hgetall(checkpointKey))).not.toContain("b");
    expect(await redis.hget(`${prefix}:orders:awaitly:run:r_stolen`, "o")).toBeNull();
  });

  it("parks runs on a signal without holding the only slot, and wakes them with it", async () => {
    const note = async (what: string): AsyncResult<string, never> => ok(what);
    const queue = track(
      createWorkflowQueue<{ id: number }, string, never>("waits", { connection: redis, prefix }),
    );
    track(
      createWorkflowWorker("waits", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        concurrency: 1,
        deps: { note },
        workflow: async (step, d, input: { id: number }, run) => {
          const go = await run.waitForSignal<string>("go");
          return step(() => d.note(`${input.id}:${go.received ? go.payload : "-"}`), {
            key: "note",
          });
        },
      }),
    );
    for (const id of [1, 2, 3]) await queue.enqueue({ id }, { runId: `wait-${id}` });
    let delayed = 0;
    const deadline = Date.now() + 10_000;
    while ((delayed = await queue.bullQueue.getDelayedCount()) < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(delayed).toBe(3);
    for (const id of [1, 2, 3]) await queue.signal(`wait-${id}`, "go", `go-${id}`);
    for (const id of [1, 2, 3]) {
      expect(await queue.result(`wait-${id}`, { timeoutMs: 10_000 })).toStrictEqual(
        ok(`${id}:go-${id}`),
      );
    }
  });

  it("routes runs by version in the queue's slot: signalled and cancelled through another version, counted per version", async () => {
    const note = async (what: string): AsyncResult<string, never> => ok(what);
    const queueOn = (version: string) =>
      track(
        createWorkflowQueue<{ id: number }, string, never>("versioned", {
          connection: redis,
          prefix,
          version,
        }),
      );
    const v1 = queueOn("1");
    const v2 = queueOn("2");
    track(
      createWorkflowWorker("versioned", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        version: "1",
        deps: { note },
        workflow: async (step, d, input: { id: number }, run) => {
          await run.waitForSignal("go");
          return step(() => d.note(`v1:${input.id}`), { key: "note" });
        },
      }),
    );
    await v1.enqueue({ id: 1 }, { runId: "v-1" });
    await v1.enqueue({ id: 2 }, { runId: "v-2", concurrencyKey: "k" });
    await v1.enqueue({ id: 3 }, { runId: "v-3" });
    await waitFor(async () => (await v2.versions())["1"]?.parked === 3);
    expect(await v2.signal("v-1", "go", true)).toStrictEqual(ok(undefined));
    expect(await v2.signal("v-2", "go", true)).toStrictEqual(ok(undefined));
    expect((await v2.cancel("v-3")).ok).toBe(true);
    expect(await v2.result("v-1", { timeoutMs: 10_000 })).toStrictEqual(ok("v1:1"));
    expect(await v2.result("v-2", { timeoutMs: 10_000 })).toStrictEqual(ok("v1:2"));
    expect(await v2.versions()).toStrictEqual({ "1": { waiting: 0, active: 0, parked: 0 } });
  });

  it("lists runs from indexes in the queue's slot: by status, error type and parked-on", async () => {
    const check = async (id: number): AsyncResult<number, { type: "ODD" }> =>
      id % 2 === 0 ? ok(id) : err({ type: "ODD" });
    const queue = track(
      createWorkflowQueue<{ id: number; wait?: boolean }, number, { type: "ODD" }>("listed", {
        connection: redis,
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
      }),
    );
    track(
      createWorkflowWorker("listed", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        deps: { check },
        workflow: async (step, d, input: { id: number; wait?: boolean }, run) => {
          if (input.wait) await run.waitForSignal("go");
          return step(() => d.check(input.id), { key: "check" });
        },
      }),
    );
    for (const id of [1, 2]) await queue.enqueue({ id }, { runId: `list-${id}` });
    await queue.enqueue({ id: 4, wait: true }, { runId: "list-4" });
    for (const id of [1, 2]) await queue.result(`list-${id}`, { timeoutMs: 10_000 });
    const deadline = Date.now() + 10_000;
    while ((await queue.run("list-4"))?.status !== "parked" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await queue.runs({ errorType: "ODD" })).runs.map((r) => r.runId)).toEqual(["list-1"]);
    expect((await queue.runs({ status: "completed" })).runs.map((r) => r.runId)).toEqual([
      "list-2",
    ]);
    expect((await queue.runs({ parkedOn: "go" })).runs.map((r) => r.runId)).toEqual(["list-4"]);
    expect((await queue.run("list-1"))?.steps.map((step) => step.errorType)).toEqual(["ODD"]);
    expect(await queue.counts()).toMatchObject({ completed: 1, failed: 1, parked: 1 });
  });

  it("cancels an active run from another client: the step body's signal aborts", async () => {
    let started = false;
    const hold = async (signal: AbortSignal): AsyncResult<string, never> => {
      started = true;
      await new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason as Error)),
      );
      return ok("never");
    };
    const queue = queueOf();
    track(
      createWorkflowWorker("orders", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        deps: { hold },
        workflow: async (step, d, _input: { id: number }, run) =>
          step(() => d.hold(run.signal), { key: "hold" }),
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "to-cancel" });
    await waitFor(() => started);
    const elsewhere = track(createWorkflowQueue("orders", { connection: client(), prefix }));
    expect((await elsewhere.cancel("to-cancel")).ok).toBe(true);
    const result = await queue.result("to-cancel", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
  });

  it("runs schedule ticks and gives their results", async () => {
    const runIds: string[] = [];
    const tick = async (runId: string): AsyncResult<string, never> => {
      runIds.push(runId);
      return ok(`tick-${runId}`);
    };
    const queue = queueOf();
    track(
      createWorkflowWorker("orders", {
        connection: client(),
        prefix,
        checkpointer: createRedisCheckpointer(client(false), { prefix: `${prefix}:cp:` }),
        deps: { tick },
        workflow: async (step, d, _input: { id: number }, run) =>
          step(() => d.tick(run.runId), { key: "tick" }),
      }),
    );
    await queue.schedule("every-300ms", { every: 300 }, { id: 0 });
    await waitFor(() => runIds.length >= 2);
    expect(await queue.unschedule("every-300ms")).toBe(true);
    const runId = runIds[0] as string;
    expect(await queue.result(runId, { timeoutMs: 10_000 })).toStrictEqual(ok(`tick-${runId}`));
  });

  it("survives SIGKILLed worker processes: every run completes, no checkpointed step runs again", async () => {
    const report = await runSoak({
      url,
      prefix,
      runs: 120,
      workers: 3,
      killEveryMs: 1500,
      concurrency: 5,
    });
    expect(report.kills).toBeGreaterThanOrEqual(1);
    expect(report.completed).toBe(120);
    expect(report.failed).toBe(0);
    expect(report.wrongValue).toBe(0);
    expect(report.checkpointedStepsRerun).toBe(0);
    expect(report.maxRepeatsOfOneRunPerInterruption).toBeLessThanOrEqual(1);
  }, 180_000);
});
