import { ok } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { gate, waitFor } from "./support/wait-for";

const ctx = useBull();

describe("WorkflowQueue.runs for runs held back by their key's concurrency", () => {
  it("lists and counts them as waiting, with waitingOn: concurrency, never as parked", async () => {
    const queue = ctx.queue<string, string, never>("fair");
    const hold = gate();
    ctx.worker("fair", {
      deps: {},
      concurrency: 4,
      workflow: async (_step, _deps, input: string, run) => {
        if (input === "first") await run.waitForSignal("go");
        if (input === "second") await hold.wait;
        return input;
      },
    });
    // "first" parks (its slot goes to "second", which holds it); "third" waits for the slot.
    await queue.enqueue("first", { runId: "first", concurrencyKey: "k" });
    await waitFor(async () => (await queue.run("first"))?.status === "parked");
    await queue.enqueue("second", { runId: "second", concurrencyKey: "k" });
    await waitFor(async () => (await queue.run("second"))?.status === "active");
    await queue.enqueue("third", { runId: "third", concurrencyKey: "k" });
    // "first" wakes without a free slot: it waits to start again.
    expect((await queue.signal("first", "go")).ok).toBe(true);
    await waitFor(async () => {
      const info = await queue.run("first");
      return info?.status === "waiting" || info?.parkedOn?.on === "concurrency";
    });
    const first = await queue.run("first");
    expect([first?.status, first?.waitingOn, first?.parkedOn]).toStrictEqual([
      "waiting",
      "concurrency",
      undefined,
    ]);
    expect((await queue.run("third"))?.waitingOn).toBe("concurrency");
    const waiting = await queue.runs({ status: "waiting" });
    expect(waiting.runs.map((r) => [r.runId, r.waitingOn]).sort()).toStrictEqual([
      ["first", "concurrency"],
      ["third", "concurrency"],
    ]);
    expect(await queue.counts()).toMatchObject({ waiting: 2, active: 1, parked: 0 });
    hold.open();
    for (const runId of ["first", "second", "third"]) {
      expect(await queue.result(runId, { timeoutMs: 15_000 })).toStrictEqual(ok(runId));
    }
    // A run that left its key's line waits on nothing.
    expect((await queue.run("third"))?.waitingOn).toBeUndefined();
  });
});
