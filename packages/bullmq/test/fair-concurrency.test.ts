import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ok } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const packageDir = fileURLToPath(new URL("..", import.meta.url));

// Counts the runs of each key in flight and the order runs start in.
function tracker() {
  const started: string[] = [];
  const active = new Map<string, number>();
  const most = new Map<string, number>();
  return {
    started,
    most,
    async run(key: string, ms: number) {
      started.push(key);
      const now = (active.get(key) ?? 0) + 1;
      active.set(key, now);
      most.set(key, Math.max(most.get(key) ?? 0, now));
      await new Promise((r) => setTimeout(r, ms));
      active.set(key, (active.get(key) ?? 1) - 1);
    },
  };
}

describe("enqueue({ concurrencyKey })", () => {
  it("serves keys round-robin: B's one run starts within perKey × keys starts while A has 1,000 queued, and A stays within its limit", async () => {
    const perKey = 2;
    const queue = ctx.track(
      createWorkflowQueue<{ tenant: string; n: number }, number, never>("fair", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        concurrencyPerKey: perKey,
      }),
    );
    const seen = tracker();
    ctx.worker("fair", {
      deps: {},
      concurrency: 20,
      workflow: async (_step, _deps, input: { tenant: string; n: number }) => {
        await seen.run(input.tenant, 5);
        return input.n;
      },
    });
    for (let batch = 0; batch < 1000; batch += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          queue.enqueue(
            { tenant: "A", n: batch + i },
            { runId: `a-${batch + i}`, concurrencyKey: "A" },
          ),
        ),
      );
    }
    const before = seen.started.length;
    await queue.enqueue({ tenant: "B", n: 0 }, { runId: "b-0", concurrencyKey: "B" });
    expect(await queue.result("b-0", { timeoutMs: 20_000 })).toStrictEqual(ok(0));
    const startsUntilB = seen.started.indexOf("B") - before + 1;
    expect(startsUntilB).toBeGreaterThan(0);
    expect(startsUntilB).toBeLessThanOrEqual(perKey * 2);
    expect(seen.most.get("A")).toBeLessThanOrEqual(perKey);
    expect(seen.started.filter((k) => k === "A").length).toBeLessThan(1000);
  }, 120_000);

  it("frees a parked run's slot by default, and keeps it with parkedRunsHoldSlot", async () => {
    for (const hold of [false, true]) {
      const name = hold ? "held" : "freed";
      const queue = ctx.queue<string, string, never>(name);
      const order: string[] = [];
      ctx.worker(name, {
        deps: {},
        parkedRunsHoldSlot: hold,
        workflow: async (_step, _deps, input: string, run) => {
          order.push(`start ${input}`);
          if (input === "first") await run.waitForSignal("go");
          return input;
        },
      });
      await queue.enqueue("first", { runId: "first", concurrencyKey: "k" });
      await queue.enqueue("second", { runId: "second", concurrencyKey: "k" });
      await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === 1);
      if (!hold)
        expect(await queue.result("second", { timeoutMs: 10_000 })).toStrictEqual(ok("second"));
      expect((await queue.signal("first", "go")).ok).toBe(true);
      expect(await queue.result("first", { timeoutMs: 10_000 })).toStrictEqual(ok("first"));
      expect(await queue.result("second", { timeoutMs: 10_000 })).toStrictEqual(ok("second"));
      expect(order.indexOf("start second") < order.lastIndexOf("start first")).toBe(!hold);
    }
  });

  it("frees the slot of a run whose worker was SIGKILLed: the run finishes elsewhere, the next one starts", async () => {
    const queue = ctx.queue<number, number, never>("fair");
    const child = spawn(
      process.execPath,
      [
        "--conditions=@awaitly/source",
        "--import",
        "tsx",
        fileURLToPath(new URL("./support/fair-worker.ts", import.meta.url)),
        ctx.url,
        ctx.prefix,
      ],
      { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes("ready"), 30_000);
      await queue.enqueue(1, { runId: "one", concurrencyKey: "k" });
      await queue.enqueue(2, { runId: "two", concurrencyKey: "k" });
      await waitFor(() => output.includes("started one"));
      child.kill("SIGKILL");
      // "two" never reached the dead worker: its key's only slot was "one"'s.
      expect(output).not.toContain("started two");
      const seen = tracker();
      ctx.worker("fair", {
        deps: {},
        lockDurationMs: 1000,
        stalledIntervalMs: 500,
        workflow: async (_step, _deps, n: number) => {
          await seen.run("k", 50);
          return n;
        },
      });
      expect(await queue.result("one", { timeoutMs: 20_000 })).toStrictEqual(ok(1));
      expect(await queue.result("two", { timeoutMs: 20_000 })).toStrictEqual(ok(2));
      expect(seen.most.get("k")).toBe(1);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
