import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ok } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();
const workerFile = fileURLToPath(new URL("./support/child-runs-worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("WorkflowRun.children under SIGKILL", () => {
  it("finishes every parent with its typed outcome while parent and child workers are killed", async () => {
    const processes = new Set<ChildProcess>();
    const spawnWorker = (): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--conditions=@awaitly/source", "--import", "tsx", workerFile, ctx.url, ctx.prefix],
          { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
        );
        processes.add(child);
        child.once("exit", () => processes.delete(child));
        child.once("error", reject);
        child.stdout?.once("data", () => resolve(child));
      });
    const orders = ctx.queue<number, number | string, never>("orders");
    const parents = 12;
    try {
      await Promise.all([spawnWorker(), spawnWorker()]);
      for (let n = 0; n < parents; n++) await orders.enqueue(n, { runId: `order-${n}` });
      let finished = false;
      const results = Promise.all(
        Array.from({ length: parents }, (_, n) =>
          orders.result(`order-${n}`, { timeoutMs: 120_000 }),
        ),
      ).finally(() => (finished = true));
      let kills = 0;
      while (!finished) {
        await Promise.race([results, new Promise((r) => setTimeout(r, 1200))]);
        if (finished || processes.size === 0) break;
        const victims = [...processes];
        victims[Math.floor(Math.random() * victims.length)]?.kill("SIGKILL");
        kills++;
        await spawnWorker();
      }
      const outcomes = await results;
      expect(kills).toBeGreaterThanOrEqual(1);
      outcomes.forEach((outcome, n) => {
        const failed = `failed ${JSON.stringify({ type: "ITEM_FAILED", order: n, k: 2 })}`;
        expect(outcome).toStrictEqual(ok(n % 3 === 0 ? failed : 40 * n + 6));
      });
      // Child run ids derive from the parent's: at most four children per parent ever existed.
      const childJobs = await ctx.redis.keys(`${ctx.prefix}:items:r_order-*`);
      const ids = new Set(childJobs.map((key) => /r_order-\d+\/\d/.exec(key)?.[0]));
      expect(ids.size).toBeLessThanOrEqual(parents * 4);
      for (const id of ids) expect(id).toMatch(/^r_order-(\d|1[01])\/[0-3]$/);
    } finally {
      for (const child of processes) child.kill("SIGKILL");
    }
  }, 180_000);
});
