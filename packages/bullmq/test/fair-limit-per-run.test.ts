import { ok } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { gate, waitFor } from "./support/wait-for";

const ctx = useBull();

describe("WorkflowQueueOptions.concurrencyPerKey", () => {
  it("is carried by each run: two processes with different limits never change each other's", async () => {
    // Two producers of one queue, as two processes configured differently would be.
    const strict = ctx.track(
      createWorkflowQueue<{ key: string; n: number }, number, never>("fair", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        concurrencyPerKey: 1,
      }),
    );
    const loose = ctx.track(
      createWorkflowQueue<{ key: string; n: number }, number, never>("fair", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        concurrencyPerKey: 3,
      }),
    );
    for (let n = 0; n < 4; n++) {
      await strict.enqueue({ key: "one", n }, { runId: `one-${n}`, concurrencyKey: "one" });
    }
    for (let n = 0; n < 4; n++) {
      await loose.enqueue({ key: "three", n }, { runId: `three-${n}`, concurrencyKey: "three" });
    }
    const open = gate();
    const active = new Map<string, number>();
    const most = new Map<string, number>();
    ctx.worker("fair", {
      deps: {},
      concurrency: 10,
      workflow: async (_step, _deps, input: { key: string; n: number }) => {
        active.set(input.key, (active.get(input.key) ?? 0) + 1);
        most.set(input.key, Math.max(most.get(input.key) ?? 0, active.get(input.key)!));
        await open.wait;
        active.set(input.key, active.get(input.key)! - 1);
        return input.n;
      },
    });
    // The loose producer's runs use its limit of 3 while the strict one's keep theirs of 1.
    await waitFor(() => active.get("three") === 3 && active.get("one") === 1);
    open.open();
    for (let n = 0; n < 4; n++) {
      expect(await strict.result(`one-${n}`, { timeoutMs: 20_000 })).toStrictEqual(ok(n));
      expect(await loose.result(`three-${n}`, { timeoutMs: 20_000 })).toStrictEqual(ok(n));
    }
    expect(most.get("one")).toBe(1);
    expect(most.get("three")).toBe(3);
  });
});
