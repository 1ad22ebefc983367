import { ok } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

const idsOf = (page: { runs: { runId: string }[] }) => page.runs.map((r) => r.runId).sort();

// Child runs, fair-dispatched runs and debounced runs are claimed like any run: the run list
// shows them, and a cancel moves them (and a parent's children) to `cancelled`.
describe("run list of fan-out and flow-control runs", () => {
  it("lists child runs, and a parent waiting for them as parked on children", async () => {
    const items = ctx.queue<number, number, never>("items");
    const orders = ctx.queue<number, number, never>("orders");
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    ctx.worker("items", {
      deps: {},
      workflow: async (_step, _deps, n: number) => {
        await held;
        return n * 10;
      },
    });
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, n: number, run) => {
        const one = await run.child(items, "only", n);
        return one.ok ? one.value : -1;
      },
    });
    await orders.enqueue(4, { runId: "p1" });
    await waitFor(async () => idsOf(await orders.runs({ parkedOn: "children" })).includes("p1"));
    expect(idsOf(await items.runs({ status: "active" }))).toStrictEqual(["p1/only"]);
    release();
    expect(await orders.result("p1", { timeoutMs: 15_000 })).toStrictEqual(ok(40));
    expect(idsOf(await items.runs({ status: "completed" }))).toStrictEqual(["p1/only"]);
    await waitFor(async () => idsOf(await orders.runs({ status: "completed" })).includes("p1"));
  });

  it("cancelling a parent moves it and its children to cancelled", async () => {
    const items = ctx.queue<number, number, never>("items");
    const orders = ctx.queue<number, number[], never>("orders");
    ctx.worker("items", {
      deps: {},
      workflow: async (_step, _deps, n: number, run) => {
        await run.waitForSignal("go");
        return n;
      },
    });
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, _n: number, run) => {
        const all = await run.children(items, [
          { key: "a", input: 1 },
          { key: "b", input: 2 },
        ]);
        return all.ok ? all.value : [];
      },
    });
    await orders.enqueue(0, { runId: "p2" });
    await waitFor(async () => (await items.runs({ parkedOn: "go" })).runs.length === 2);
    await waitFor(async () => idsOf(await orders.runs({ parkedOn: "children" })).includes("p2"));
    expect((await orders.cancel("p2")).ok).toBe(true);
    await waitFor(async () => idsOf(await orders.runs({ status: "cancelled" })).includes("p2"));
    await waitFor(
      async () => idsOf(await items.runs({ status: "cancelled" })).join() === "p2/a,p2/b",
    );
    expect((await items.runs({ status: "parked" })).runs).toStrictEqual([]);
  });

  it("lists a fair-dispatched run waiting for its key's slot, then completed", async () => {
    const queue = ctx.queue<number, number, never>("fair");
    await queue.enqueue(1, { runId: "f1", concurrencyKey: "A" });
    await queue.enqueue(2, { runId: "f2", concurrencyKey: "A" });
    expect(idsOf(await queue.runs({ status: "waiting" }))).toStrictEqual(["f1", "f2"]);
    ctx.worker("fair", { deps: {}, workflow: async (_step, _deps, n: number) => n });
    expect(await queue.result("f2", { timeoutMs: 15_000 })).toStrictEqual(ok(2));
    await waitFor(async () => idsOf(await queue.runs({ status: "completed" })).length === 2);
  });

  it("lists a debounced run as waiting until it starts, then completed", async () => {
    const queue = ctx.queue<number[], number, never>("digest");
    const added = await queue.debounce("k", 1, { quietMs: 200 });
    if (!added.ok) throw added.error;
    const { runId } = added.value;
    expect(idsOf(await queue.runs({ status: "waiting" }))).toStrictEqual([runId]);
    ctx.worker("digest", {
      deps: {},
      workflow: async (_step, _deps, ns: number[]) => ns.length,
    });
    expect(await queue.result(runId, { timeoutMs: 15_000 })).toStrictEqual(ok(1));
    await waitFor(async () => idsOf(await queue.runs({ status: "completed" })).includes(runId));
  });
});
