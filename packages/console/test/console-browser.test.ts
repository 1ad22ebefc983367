import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { createRunConsole } from "@awaitly/console";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";
import express from "express";
import { Redis } from "ioredis";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";

type Input = { n: number; wait?: boolean };
type Declined = { type: "DECLINED"; message: string };

const images = fileURLToPath(new URL("../../../docs/images/", import.meta.url));
const prefix = `awaitly-console-${crypto.randomUUID()}`;
const gate = { open: false };
const clients: Redis[] = [];
const client = () => {
  const made = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  clients.push(made);
  return made;
};
let browser: Browser;
let base = "";
let close: () => Promise<void>;

beforeAll(async () => {
  const checkpointer = () => createRedisCheckpointer(client(), { prefix: `${prefix}:cp:` });
  const orders = createWorkflowQueue<Input, string, Declined>("orders", {
    connection: client(),
    prefix,
    checkpointer: checkpointer(),
  });
  const reserve = async (n: number): AsyncResult<number, never> => ok(n);
  const charge = async (n: number): AsyncResult<number, Declined> =>
    gate.open ? ok(n * 10) : err({ type: "DECLINED", message: "card declined by the bank" });
  const ship = async (n: number): AsyncResult<string, never> => ok(`shipped-${n}`);
  const worker = createWorkflowWorker("orders", {
    connection: client(),
    prefix,
    checkpointer: checkpointer(),
    deps: { reserve, charge, ship },
    workflow: async (step, deps, input: Input, run) => {
      const n = await step(() => deps.reserve(input.n), { key: "reserve" });
      if (input.wait) await run.waitForSignal("approval");
      const c = await step(() => deps.charge(n), { key: "charge" });
      return step(() => deps.ship(c), { key: "ship" });
    },
  });
  gate.open = true;
  await orders.enqueue({ n: 1 }, { runId: "order-1" });
  await orders.result("order-1", { timeoutMs: 60_000 });
  gate.open = false;
  await orders.enqueue({ n: 2 }, { runId: "order-2" });
  await orders.result("order-2", { timeoutMs: 60_000 });
  await orders.enqueue({ n: 3, wait: true }, { runId: "order-3" });
  const deadline = Date.now() + 60_000;
  while ((await orders.run("order-3"))?.status !== "parked" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }

  // A saga that fails at its third step after two succeeded: the second is undone, the first's
  // undo throws.
  const bookings = createWorkflowQueue<{ trip: string }, string, { type: "NO_SEATS" }>("bookings", {
    connection: client(),
    prefix,
    attempts: 1,
    checkpointer: checkpointer(),
  });
  const hotel = async (trip: string): AsyncResult<string, never> => ok(`hotel-${trip}`);
  const flight = async (trip: string): AsyncResult<string, never> => ok(`flight-${trip}`);
  const seat = async (): AsyncResult<string, { type: "NO_SEATS" }> => err({ type: "NO_SEATS" });
  const booker = createWorkflowWorker("bookings", {
    connection: client(),
    prefix,
    checkpointer: checkpointer(),
    deps: { hotel, flight, seat },
    workflow: async (step, deps, input: { trip: string }) =>
      runSagaStep(step, async (saga) => {
        await saga.step(
          () => checkpointedStep(step, () => deps.hotel(input.trip), { key: "hotel" }),
          {
            name: "hotel",
            compensate: () => {
              throw new TypeError("the hotel kept the deposit");
            },
          },
        );
        await saga.step(
          () => checkpointedStep(step, () => deps.flight(input.trip), { key: "flight" }),
          { name: "flight", compensate: () => {} },
        );
        return saga.step(() => checkpointedStep(step, () => deps.seat(), { key: "seat" }));
      }),
  });
  await bookings.enqueue({ trip: "lisbon" }, { runId: "trip-1" });
  while ((await bookings.run("trip-1"))?.status !== "failed" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }

  const app = express();
  app.use(
    "/runs",
    createRunConsole({
      queues: [orders, bookings],
      // Everyone may look; only an operator (a cookie here) may act.
      authorize: (req, action) =>
        action.type === "read" || (req.get("cookie") ?? "").includes("role=operator"),
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  close = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
    await worker.close();
    await booker.close();
    await orders.close();
    await bookings.close();
    const redis = clients[0]!;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    for (const made of clients) made.disconnect();
  };
});

afterAll(async () => close?.());

const operator = async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addCookies([{ name: "role", value: "operator", url: base }]);
  return context.newPage();
};

describe("the run console in Chromium", () => {
  it("filters to failed runs, shows the failed step's error, retries from it to completion", async () => {
    const page = await operator();
    await page.goto(`${base}/runs/`);
    await page.selectOption("select[name=status]", "failed");
    await page.click("button[type=submit]");
    await page.waitForSelector("#rows a:text('order-2')");
    expect(await page.locator("#rows tr").count()).toBe(1);
    await expect.poll(() => page.locator("#counts").innerText()).toContain("failed");
    // The README's pictures are refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      await page.screenshot({ path: `${images}console-list.png` });
    }

    await page.click("#rows a:text('order-2')");
    await page.waitForSelector("tr.step-failed");
    expect(await page.locator("tr.step-failed").innerText()).toContain(
      "DECLINED: card declined by the bank",
    );
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      await page.screenshot({ path: `${images}console-run.png`, fullPage: true });
    }

    gate.open = true;
    await page.selectOption("#from-step", "charge");
    await page.click("#retry");
    await page.waitForSelector("#status:text('completed')", { timeout: 60_000 });
    expect(await page.locator("#outcome").innerText()).toContain("shipped-20");
  });

  it("draws a saga's compensated steps as undone, with each compensation and its error", async () => {
    const page = await operator();
    await page.goto(`${base}/runs/run/bookings/trip-1`);
    await page.waitForSelector("tr.compensation-failed");
    expect(await page.locator("#steps tr").allInnerTexts()).toEqual([
      expect.stringMatching(/^hotel\tcompleted/),
      expect.stringMatching(/^flight\tcompensated/),
      expect.stringMatching(/^seat\tfailed.*NO_SEATS/),
    ]);
    expect(await page.locator("#compensations tr").allInnerTexts()).toEqual([
      expect.stringMatching(/^flight \(flight\)\tundone\t.+\t\d+ ms/),
      expect.stringMatching(/^hotel \(hotel\)\tfailed\t.+TypeError: the hotel kept the deposit/),
    ]);
    // The drawing: the undone step in the compensated style, each compensation a node of its own.
    const timeline = page.frameLocator("#timeline");
    await expect.poll(() => timeline.locator(".wv-node--compensated").count()).toBe(1);
    expect(await timeline.locator(".wv-node--compensated").innerHTML()).toContain("flight");
    expect(await timeline.locator(".wv-node").allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining("↩ compensate flight"),
        expect.stringContaining("↩ compensate hotel"),
      ]),
    );
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      await page.screenshot({ path: `${images}console-compensations.png`, fullPage: true });
    }
  });

  it("cancels a parked run", async () => {
    const page = await operator();
    await page.goto(`${base}/runs/run/orders/order-3`);
    await page.waitForSelector("#parked-on:text('approval')");
    await page.click("#cancel");
    await page.waitForSelector("#status:text('cancelled')", { timeout: 60_000 });
  });

  it("refuses an unauthorised click, and a cross-site request without the console's header", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/runs/run/orders/order-1`);
    await page.waitForSelector("#status:text('completed')");
    await page.click("#retry");
    await page.waitForSelector("#msg:text('FORBIDDEN')");
    expect(await page.locator("#status").innerText()).toBe("completed");

    const forged = await fetch(`${base}/runs/api/orders/runs/order-1/cancel`, {
      method: "POST",
      headers: { cookie: "role=operator", "content-type": "application/json" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ ok: false, error: { type: "CROSS_SITE_REFUSED" } });
    const otherSite = await fetch(`${base}/runs/api/orders/runs/order-1/cancel`, {
      method: "POST",
      headers: { cookie: "role=operator", "x-awaitly-console": "1", origin: "https://evil.test" },
    });
    expect(otherSite.status).toBe(403);
  });
});
