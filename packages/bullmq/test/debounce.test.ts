import { ok } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

type Event = { n: number; at: Date };

describe("WorkflowQueue.debounce", () => {
  it("starts one run with every input in arrival order, and gives every caller its run id", async () => {
    const queue = ctx.queue<Event[], number[], never>("digest");
    const runs: Event[][] = [];
    ctx.worker("digest", {
      deps: {},
      workflow: async (_step, _deps, events: Event[]) => {
        runs.push(events);
        return events.map((e) => e.n);
      },
    });
    const at = new Date("2026-01-01T00:00:00Z");
    const ids = new Set<string>();
    for (let n = 0; n < 5; n++) {
      const added = await queue.debounce("user-1", { n, at }, { quietMs: 1000 });
      if (!added.ok) throw added.error;
      ids.add(added.value.runId);
    }
    expect(ids.size).toBe(1);
    const [runId] = [...ids];
    expect(await queue.result(runId!, { timeoutMs: 15_000 })).toStrictEqual(ok([0, 1, 2, 3, 4]));
    // Values come back as given (a Date stays a Date).
    expect(runs[0]?.[0]?.at).toStrictEqual(at);
    // The batch is closed: the next input opens another.
    const next = await queue.debounce("user-1", { n: 5, at }, { quietMs: 50 });
    expect(next.ok && next.value.runId !== runId).toBe(true);
  });

  it("starts the run at most maxDelayMs after the first input while inputs keep arriving", async () => {
    const queue = ctx.queue<number[], number[], never>("digest");
    ctx.worker("digest", {
      deps: {},
      workflow: async (_step, _deps, ns: number[]) => ns,
    });
    const ids: string[] = [];
    // Inputs every 20 ms never leave 500 ms quiet: only maxDelayMs ends the first batch.
    for (let n = 0; new Set(ids).size < 2; n++) {
      if (n > 2000) throw new Error("the first batch never started");
      const added = await queue.debounce("k", n, { quietMs: 500, maxDelayMs: 300 });
      if (!added.ok) throw added.error;
      ids.push(added.value.runId);
      await new Promise((r) => setTimeout(r, 20));
    }
    const first = ids[0]!;
    const count = ids.filter((id) => id === first).length;
    expect(await queue.result(first, { timeoutMs: 15_000 })).toStrictEqual(
      ok(Array.from({ length: count }, (_, n) => n)),
    );
  });

  it("refuses a bad key or quietMs, naming it", async () => {
    const queue = ctx.queue<number[], number[], never>("digest");
    await expect(queue.debounce("", 1, { quietMs: 10 })).rejects.toThrow("key must be");
    await expect(queue.debounce("k", 1, { quietMs: -1 })).rejects.toThrow('"quietMs"');
  });
});

describe("WorkflowQueue.debounce after a cancel", () => {
  it("opens a new batch when the open batch's run was cancelled", async () => {
    const queue = ctx.queue<number[], number[], never>("digest");
    const first = await queue.debounce("k", 1, { quietMs: 60_000 });
    if (!first.ok) throw first.error;
    expect((await queue.cancel(first.value.runId)).ok).toBe(true);
    ctx.worker("digest", { deps: {}, workflow: async (_step, _deps, ns: number[]) => ns });
    const second = await queue.debounce("k", 2, { quietMs: 50 });
    if (!second.ok) throw second.error;
    expect(second.value.runId).not.toBe(first.value.runId);
    expect(await queue.result(second.value.runId, { timeoutMs: 15_000 })).toStrictEqual(ok([2]));
  });
});
