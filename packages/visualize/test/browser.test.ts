import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkflow, type WorkflowEvent } from "@awaitly/core";
import { createDevServer, createVisualizer, renderToHTML } from "@awaitly/visualize";
import { HOSTILE, recordApprovalRun, recordRun } from "./fixtures";
import { launchChromium, resolvedFill } from "./real-parts";

const here = dirname(fileURLToPath(import.meta.url));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  // Playwright gives every launch a fresh temporary profile and removes it on close.
  await browser?.close();
});

const pageWith = async (html: string) => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.setContent(html, { waitUntil: "load" });
  return { page, problems };
};

describe("renderToHTML in Chromium", () => {
  it("shows every step of a real run, without console errors, and inspects a clicked node", async () => {
    const viz = createVisualizer({ workflowName: "checkout" });
    for (const e of await recordRun({ failing: true })) viz.handleEvent(e);
    const { page, problems } = await pageWith(renderToHTML(viz.getIR()));
    const labels = await page.locator(".wv-node text:not(.wv-node-timing)").allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining(["Fetch user", "Reserve stock", "Load prefs", "Charge card"]),
    );
    expect(await page.locator(".wv-node--error").count()).toBe(1);
    await page.locator(".wv-node--error").click();
    expect(await page.locator("#inspector-content").textContent()).toContain("NOT_FOUND");
    expect(problems).toEqual([]);
    // The committed picture (docs/images) is refreshed on demand, so test runs leave the tree clean.
    const target = process.env.UPDATE_SCREENSHOT ? join(here, "../../../docs/images") : tmpdir();
    mkdirSync(target, { recursive: true });
    await page.screenshot({ path: join(target, "visualize-html.png"), fullPage: true });
    await page.close();
  }, 30_000);

  it("shows a hostile step name as text and never executes it", async () => {
    const viz = createVisualizer({ workflowName: HOSTILE });
    for (const e of await recordRun({ hostile: true })) viz.handleEvent(e);
    const { page, problems } = await pageWith(renderToHTML(viz.getIR()));
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("h1").textContent()).toBe(HOSTILE);
    expect(await page.locator(".wv-node title").first().textContent()).toBe(HOSTILE);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});

describe("a failed run's page in Chromium", () => {
  it("shows the failed step's error without a click, and real durations instead of 0ms", async () => {
    const viz = createVisualizer({ workflowName: "checkout", detectParallel: false });
    for (const e of await recordRun({ failing: true })) viz.handleEvent(e);
    const { page, problems } = await pageWith(renderToHTML(viz.getIR()));

    // Nothing clicked: the inspector already shows the failed step and its error.
    const inspector = await page.locator("#inspector-content").textContent();
    expect(inspector).toContain("Name: Charge card");
    expect(inspector).toContain("Error: NOT_FOUND");
    expect(await page.locator(".wv-node--error.wv-node--selected").count()).toBe(1);
    // And the failed box says it too.
    expect(await page.locator(".wv-node--error .wv-node-timing").textContent()).toContain(
      "NOT_FOUND",
    );

    // Every step that ran shows a duration, never a bare 0ms; a cache hit says what it is.
    const ran = await page
      .locator(".wv-node--success .wv-node-timing, .wv-node--error .wv-node-timing")
      .allTextContents();
    expect(ran.length).toBeGreaterThanOrEqual(3);
    for (const timing of ran) {
      expect(timing).toMatch(/^(<0\.1|\d+(\.\d)?)m?s/);
      expect(timing).not.toMatch(/^0ms/);
    }
    expect(await page.locator(".wv-node--cached .wv-node-timing").textContent()).toBe("cached");
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it("shows the run's error when no step failed", async () => {
    const events: WorkflowEvent<unknown, unknown>[] = [];
    const workflow = createWorkflow({}, { onEvent: (e) => void events.push(e) });
    await workflow(async () => {
      throw new Error("config missing");
    });
    const viz = createVisualizer({ workflowName: "boot" });
    for (const e of events) viz.handleEvent(e);
    const { page, problems } = await pageWith(renderToHTML(viz.getIR()));
    const inspector = await page.locator("#inspector-content").textContent();
    expect(inspector).toContain("Workflow failed");
    expect(inspector).toContain("config missing");
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});

describe("a step waiting for an approval in Chromium", () => {
  it("is drawn as waiting, in its own colour, not as a failed step", async () => {
    const viz = createVisualizer({ workflowName: "refund", detectParallel: false });
    for (const e of await recordApprovalRun()) viz.handleEvent(e);
    const { page, problems } = await pageWith(renderToHTML(viz.getIR()));
    const waiting = page.locator(".wv-node--waiting");
    expect(await waiting.count()).toBe(1);
    expect(await page.locator(".wv-node--error").count()).toBe(0);
    expect(await waiting.locator("text").allTextContents()).toEqual([
      "Approve refund",
      "waiting for approval",
    ]);
    // Its own symbol: a drawn pause sign (two bars), not a font glyph that may be missing.
    expect(await waiting.locator(".wv-node-pause rect").count()).toBe(2);
    expect(await page.locator(".wv-node-pause").count()).toBe(1);
    const fill = (selector: string) =>
      page.locator(selector).evaluate((el) => getComputedStyle(el).fill);
    const waitingFill = await fill(".wv-node--waiting > rect");
    expect(waitingFill).not.toBe(await fill(".wv-node--success > rect"));
    // The error colour, resolved by the same stylesheet on a probe element, is not the one used.
    const errorFill = await resolvedFill(page, "--node-error");
    expect(errorFill).toMatch(/^rgb/);
    expect(waitingFill).not.toBe(errorFill);
    expect(await page.locator("#wv-status").textContent()).toMatch(/^waiting/);
    await waiting.click();
    expect(await page.locator("#inspector-content").textContent()).toContain("State: waiting");
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});

describe("Mermaid output in Chromium", () => {
  it("renders hostile names as their text with the real mermaid", async () => {
    const viz = createVisualizer({ workflowName: "checkout" });
    for (const e of await recordRun({ hostile: true })) viz.handleEvent(e);
    const text = viz.renderAs("mermaid");
    const { page, problems } = await pageWith(
      "<!doctype html><html><body><div id=out></div></body></html>",
    );
    const mermaidJs = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
    await page.addScriptTag({ path: mermaidJs });
    const rendered = await page.evaluate(async (source) => {
      const m = (
        window as unknown as {
          mermaid: {
            initialize: (c: object) => void;
            render: (id: string, s: string) => Promise<{ svg: string }>;
          };
        }
      ).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: "strict" });
      const { svg } = await m.render("diagram", source);
      document.getElementById("out")!.innerHTML = svg;
      return document.getElementById("out")!.textContent ?? "";
    }, text);
    for (const piece of [
      'He said "hi" [x] {y} (z) | pipe',
      "window.__pwned = 1",
      "ünïcødé",
      "Reserve stock",
    ]) {
      expect(rendered).toContain(piece);
    }
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});

describe("createDevServer in Chromium", () => {
  it("serves the live run as a page and JSON", async () => {
    const server = await createDevServer({ port: 0, host: "127.0.0.1", workflowName: "dev" });
    const { url } = await server.start();
    try {
      for (const e of await recordRun()) server.handleEvent(e);
      server.complete();
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      await page.goto(url);
      const labels = await page.locator(".wv-node text:not(.wv-node-timing)").allTextContents();
      expect(labels).toEqual(expect.arrayContaining(["Fetch user", "Reserve stock", "Load prefs"]));
      expect(await page.locator("h1").textContent()).toBe("dev");
      expect(problems).toEqual([]);
      await page.close();
      const ir = (await (await fetch(`${url}/api/ir`)).json()) as { root: { state: string } };
      expect(ir.root.state).toBe("success");
      const snapshots = (await (await fetch(`${url}/api/snapshots`)).json()) as unknown[];
      expect(snapshots.length).toBeGreaterThan(5);
      expect(JSON.parse(await (await fetch(`${url}/api/performance`)).text())).toHaveProperty(
        "timingData",
      );
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe("dev server live updates in Chromium", () => {
  it("follows new events over the WebSocket and travels back in time", async () => {
    const server = await createDevServer({ port: 0, host: "127.0.0.1", workflowName: "live" });
    const { url } = await server.start();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      const w = { workflowId: "w" };
      server.handleEvent({ type: "workflow_start", ...w, ts: 0 });
      await page.goto(url);
      await page.locator("#live-indicator:not([hidden])").waitFor();
      server.handleEvent({ type: "step_start", ...w, stepId: "a", name: "Charge card", ts: 1 });
      server.handleEvent({
        type: "step_success",
        ...w,
        stepId: "a",
        name: "Charge card",
        ts: 5,
        durationMs: 4,
      });
      server.handleEvent({ type: "workflow_success", ...w, ts: 6, durationMs: 6 });
      server.complete();
      await page.locator(".wv-node text", { hasText: "Charge card" }).waitFor();
      expect(await page.locator("#wv-status").textContent()).toContain("success");
      expect(await page.locator("#tt-time").textContent()).toBe("4 / 4");
      await page.locator("#tt-prev").click();
      await page.locator("#tt-prev").click();
      await page.locator(".wv-node--running").waitFor();
      expect(await page.locator("#tt-time").textContent()).toBe("2 / 4");
      await page.locator("#zoom-in").click();
      expect(
        await page.locator("#diagram svg").evaluate((el) => (el as SVGElement).style.transform),
      ).toContain("scale(1.2)");
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  }, 30_000);
});

describe("dev server heatmap and time-travel options in Chromium", () => {
  const events = (id: string, fails: boolean): WorkflowEvent<unknown>[] => {
    const w = { workflowId: id };
    return [
      { type: "workflow_start", ...w, ts: 0 },
      { type: "step_start", ...w, stepId: "fetch", name: "Fetch", ts: 1 },
      { type: "step_success", ...w, stepId: "fetch", name: "Fetch", ts: 401, durationMs: 400 },
      { type: "step_start", ...w, stepId: "charge", name: "Charge", ts: 420 },
      fails
        ? {
            type: "step_error",
            ...w,
            stepId: "charge",
            name: "Charge",
            ts: 425,
            durationMs: 5,
            error: "DECLINED",
          }
        : {
            type: "step_success",
            ...w,
            stepId: "charge",
            name: "Charge",
            ts: 920,
            durationMs: 500,
          },
      { type: "workflow_success", ...w, ts: 1000, durationMs: 1000 },
    ];
  };
  const heatClass = (page: Page, id: string) =>
    page
      .locator(`.wv-node[data-node-id="${id}"]`)
      .evaluate(
        (el) => /wv-node--heat-([a-z]+)/.exec(el.getAttribute("class") ?? "")?.[1] ?? "none",
      );

  it("colours steps by heat when the toggle is on, by the metric picked", async () => {
    const server = await createDevServer({ port: 0, host: "127.0.0.1" });
    const { url } = await server.start();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      // An earlier run, known to the analyzer only; the page shows the current one.
      server.getAnalyzer().addRun({ id: "r1", startTime: 0, events: events("r1", false) });
      for (const e of events("r2", true)) server.handleEvent(e);
      server.complete();
      await page.goto(url);
      await page.locator("#live-indicator:not([hidden])").waitFor();
      expect(await heatClass(page, "charge")).toBe("none");
      const levels = async () => [await heatClass(page, "fetch"), await heatClass(page, "charge")];
      const waitLevels = (want: string[]) => expect.poll(levels, { timeout: 5_000 }).toEqual(want);
      await page.locator("#heatmap-toggle").check();
      // By duration Fetch (400 ms) is hotter than Charge (500 ms and 5 ms: 252.5 ms on average).
      await waitLevels(["critical", "cold"]);
      // By error rate Charge (failed once in two runs) is the hot one.
      await page.locator("#heatmap-metric").selectOption("errorRate");
      await waitLevels(["cold", "critical"]);
      await page.locator("#diagram").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("h");
      await waitLevels(["none", "none"]);
      expect(await page.locator("#heatmap-toggle").isChecked()).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  }, 30_000);

  it("leaves out the controls that are turned off", async () => {
    for (const [options, travel, heat] of [
      [{ timeTravel: false }, 0, 1],
      [{ heatmap: false }, 1, 0],
      [{}, 1, 1],
    ] as const) {
      const server = await createDevServer({ port: 0, host: "127.0.0.1", ...options });
      const { url } = await server.start();
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      try {
        await page.goto(url);
        await page.locator("#live-indicator:not([hidden])").waitFor();
        expect(await page.locator("#tt-prev, #tt-slider, #tt-play").count()).toBe(travel * 3);
        expect(await page.locator("#heatmap-toggle, #heatmap-metric").count()).toBe(heat * 2);
        await page.keyboard.press("h");
        await page.keyboard.press("ArrowLeft");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
        await server.stop();
      }
    }
  }, 30_000);
});
