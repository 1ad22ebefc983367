import { err, ok, type AsyncResult } from "@awaitly/core";
import { isRunCancelledError, type WorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

type Item = { id: number; fail?: boolean; hold?: boolean };
type ItemError = { type: "ITEM_FAILED"; id: number };

// Items: `fail` ends with a typed error at once; `hold` parks until signalled (or cancelled).
function itemWorker(started: string[] = []) {
  const check = async (item: Item): AsyncResult<number, ItemError> =>
    item.fail ? err({ type: "ITEM_FAILED", id: item.id }) : ok(item.id * 10);
  return ctx.worker("items", {
    deps: { check },
    workflow: async (step, deps, item: Item, run) => {
      started.push(run.runId);
      if (item.hold) await run.waitForSignal("go");
      return step(() => deps.check(item), { key: "check" });
    },
  });
}

describe("WorkflowRun.children", () => {
  it("parks the parent without its worker slot: a tree of runs finishes on a worker of concurrency 1", async () => {
    const tree = ctx.queue<{ depth: number }, number, never>("tree");
    ctx.worker("tree", {
      deps: {},
      concurrency: 1,
      workflow: async (_step, _deps, input: { depth: number }, run): Promise<number> => {
        if (input.depth === 0) return 1;
        const below = await run.children(tree, [
          { key: "a", input: { depth: input.depth - 1 } },
          { key: "b", input: { depth: input.depth - 1 } },
        ]);
        if (!below.ok) throw new Error("a leaf failed");
        return below.value[0]! + below.value[1]! + 1;
      },
    });
    await tree.enqueue({ depth: 2 }, { runId: "root" });
    expect(await tree.result("root", { timeoutMs: 20_000 })).toStrictEqual(ok(7));
    // Child run ids derive from the parent's and the key.
    expect(await tree.result("root/a/b", { timeoutMs: 1000 })).toStrictEqual(ok(1));
  });

  it("fail-fast: ends with the first failed child's typed error and cancels the siblings", async () => {
    const items = ctx.queue<Item, number, ItemError>("items");
    const orders = ctx.queue<string, number[], never>("orders");
    itemWorker();
    const outcomes: unknown[] = [];
    ctx.worker("orders", {
      deps: {},
      childRecheckMs: 200,
      workflow: async (_step, _deps, _input: string, run) => {
        const all = await run.children(items, [
          { key: "1", input: { id: 1, hold: true } },
          { key: "2", input: { id: 2, fail: true } },
          { key: "3", input: { id: 3 } },
        ]);
        outcomes.push(all);
        return all.ok ? all.value : [];
      },
    });
    await orders.enqueue("o", { runId: "o1" });
    expect(await orders.result("o1", { timeoutMs: 15_000 })).toStrictEqual(ok([]));
    expect(outcomes).toStrictEqual([err({ type: "ITEM_FAILED", id: 2 })]);
    const held = await items.result("o1/1", { timeoutMs: 5000 });
    expect(!held.ok && isRunCancelledError(held.error)).toBe(true);
  });

  it("all-settled: every child's Result in the order given", async () => {
    const items = ctx.queue<Item, number, ItemError>("items");
    const orders = ctx.queue<string, string[], never>("orders");
    itemWorker();
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, _input: string, run) => {
        const all = await run.children(
          items,
          [1, 2, 3].map((id) => ({ key: String(id), input: { id, fail: id === 2 } })),
          { policy: "all-settled" },
        );
        return all.map((r) => (r.ok ? `ok ${String(r.value)}` : `err ${r.error.type}`));
      },
    });
    await orders.enqueue("o", { runId: "o2" });
    expect(await orders.result("o2", { timeoutMs: 15_000 })).toStrictEqual(
      ok(["ok 10", "err ITEM_FAILED", "ok 30"]),
    );
  });

  it("child: one child's Result, typed from its queue; a retried parent starts no second child", async () => {
    const items = ctx.queue<Item, number, ItemError>("items");
    const orders = ctx.queue<number, number, never>("orders");
    const started: string[] = [];
    itemWorker(started);
    let thrown = false;
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, id: number, run) => {
        const one = await run.child(items, "only", { id });
        // The parent dies after its child ran, before anything is checkpointed past it.
        if (!thrown) {
          thrown = true;
          throw new Error("parent crashes once");
        }
        return one.ok ? one.value : -1;
      },
    });
    await orders.enqueue(4, { runId: "o3" });
    expect(await orders.result("o3", { timeoutMs: 15_000 })).toStrictEqual(ok(40));
    expect(started).toStrictEqual(["o3/only"]);
  });

  it("cancelling the parent cancels its children", async () => {
    const items = ctx.queue<Item, number, ItemError>("items");
    const orders: WorkflowQueue<string, number[], never> = ctx.queue("orders");
    const started: string[] = [];
    itemWorker(started);
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, _input: string, run) => {
        const all = await run.children(items, [
          { key: "a", input: { id: 1, hold: true } },
          { key: "b", input: { id: 2, hold: true } },
        ]);
        return all.ok ? all.value : [];
      },
    });
    await orders.enqueue("o", { runId: "o4" });
    await waitFor(async () => (await items.bullQueue.getDelayedCount()) === 2);
    expect((await orders.cancel("o4")).ok).toBe(true);
    for (const id of ["o4/a", "o4/b"]) {
      const child = await items.result(id, { timeoutMs: 5000 });
      expect(!child.ok && isRunCancelledError(child.error)).toBe(true);
    }
    const parent = await orders.result("o4", { timeoutMs: 5000 });
    expect(!parent.ok && isRunCancelledError(parent.error)).toBe(true);
  });
});
