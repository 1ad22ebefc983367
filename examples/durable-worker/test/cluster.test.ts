import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runCluster } from "../src/cluster";
import { STEPS } from "../src/orders";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("durable-worker", () => {
  it("finishes a run elsewhere after its worker is SIGKILLed, and bull-board shows it", async () => {
    const report = await runCluster({
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      namespace: `awaitly-durable-test-${crypto.randomUUID()}`,
      runs: 4,
      dashboardPort: 0,
    });
    try {
      expect(report.killedAfter).not.toBe("");
      for (let i = 1; i <= 4; i++) {
        expect(report.results[`order-${String(i)}`]).toBe(`order ${String(i)} shipped`);
      }
      for (const key of report.checkpointedBeforeKill) expect(report.effects[key]).toBe(1);
      // Every step of every run happened; the only repeat allowed is the one in flight at the kill.
      const counts = Object.values(report.effects);
      expect(counts).toHaveLength(4 * STEPS.length);
      expect(counts.filter((n) => n > 1).length).toBeLessThanOrEqual(2);
      expect(report.resumed.length).toBeGreaterThanOrEqual(1);

      if (!existsSync(CHROMIUM))
        throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium)`);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu"],
      });
      try {
        const page = await browser.newPage();
        const url = report.dashboard?.url ?? "";
        await page.goto(url);
        await page.getByText("orders", { exact: false }).first().waitFor({ timeout: 30_000 });
        await page.goto(`${url}/queue/orders?status=completed`);
        await page.getByText("r_order-1", { exact: false }).first().waitFor({ timeout: 30_000 });
        // The run console beside it lists the same runs as runs, and shows a run's steps.
        await page.goto(`${report.dashboard?.consoleUrl ?? ""}?queue=orders&status=completed`);
        await page.locator("#rows a", { hasText: "order-1" }).first().waitFor({ timeout: 30_000 });
        await page.goto(`${report.dashboard?.consoleUrl ?? ""}run/orders/order-2`);
        await page.locator("#status", { hasText: "completed" }).waitFor({ timeout: 30_000 });
        expect(await page.locator("#steps tr").count()).toBeGreaterThanOrEqual(1);
      } finally {
        await browser.close();
      }
    } finally {
      await report.close();
    }
  }, 180_000);
});
