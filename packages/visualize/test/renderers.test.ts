import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { WorkflowEvent } from "@awaitly/core";
import {
  createVisualizer,
  defaultColorScheme,
  escapeMermaid,
  mermaidRenderer,
  renderToHTML,
  visualizeEvents,
  type MermaidRenderOptions,
  type WorkflowIR,
} from "@awaitly/visualize";
import { HOSTILE, recordApprovalRun, recordRun, recordTimeoutRun } from "./fixtures";
import { loadMermaid } from "./real-parts";

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  mermaid = await loadMermaid();
});

const visualize = async (options: Parameters<typeof recordRun>[0] = {}, name = "checkout") => {
  const viz = createVisualizer({ workflowName: name, terminalWidth: 70 });
  for (const e of await recordRun(options)) viz.handleEvent(e);
  return viz;
};
const strip = (s: string) =>
  s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");

describe("ASCII renderer", () => {
  it("draws a box whose every line, the header included, has the same visible width", async () => {
    const out = strip((await visualize()).render());
    const widths = new Set(out.split("\n").map((l) => [...l].length));
    expect(widths).toEqual(new Set([70]));
    expect(out).toContain("✓ Fetch user");
    expect(out).toContain("[1 retry]");
    expect(out).toContain("├┬─ ✓ Load history");
    expect(out).toContain("↺ Load prefs");
    expect(out).toMatch(/Completed in \d+/);
  });

  it("says Failed and shows the failing step", async () => {
    const out = strip((await visualize({ failing: true })).render());
    expect(out).toContain("✗ Charge card");
    expect(out).toMatch(/Failed in/);
  });

  it("visualizeEvents renders recorded events in one call", async () => {
    expect(
      strip(
        visualizeEvents((await recordRun()) as WorkflowEvent<unknown>[], { workflowName: "x" }),
      ),
    ).toContain("┌── x ─");
  });
});

describe("Mermaid renderer", () => {
  it("produces text the real mermaid parser accepts", async () => {
    for (const failing of [false, true]) {
      const text = (await visualize({ failing })).renderAs("mermaid");
      expect(text.startsWith("flowchart TD")).toBe(true);
      await expect(mermaid.parse(text)).resolves.toBeTruthy();
    }
  });

  it("escapes hostile step names instead of stripping them, and they still parse", async () => {
    const text = (await visualize({ hostile: true })).renderAs("mermaid");
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
    expect(text).toContain(escapeMermaid(HOSTILE));
    expect(text).not.toContain("<script>");
    for (const name of ['"', "[x]", "{y}", "(z)", "|", "ünïcødé", "\n"]) {
      await expect(
        mermaid.parse(`flowchart TD\n    a["${escapeMermaid(`step ${name}`)}"] --> b`),
      ).resolves.toBeTruthy();
    }
  });

  it("gives colliding keys distinct node ids", async () => {
    const viz = createVisualizer({ detectParallel: false });
    const w = { workflowId: "w" };
    viz.handleEvent({ type: "workflow_start", ...w, ts: 0 });
    viz.handleEvent({ type: "step_cache_hit", ...w, stepKey: "user:1", ts: 1 });
    viz.handleEvent({ type: "step_cache_hit", ...w, stepKey: "user-1", ts: 2 });
    const text = viz.renderAs("mermaid");
    expect(text).toContain("step_user_1[");
    expect(text).toContain("step_user_1_2[");
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });
});

describe("Mermaid error and timeout edges", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const timeoutRun = async () => {
    vi.useFakeTimers();
    const viz = createVisualizer({ detectParallel: false });
    for (const e of await recordTimeoutRun((ms) => vi.advanceTimersByTimeAsync(ms)))
      viz.handleEvent(e);
    vi.useRealTimers();
    return viz.getIR();
  };
  const render = (ir: WorkflowIR, extra: Partial<MermaidRenderOptions> = {}) =>
    mermaidRenderer().render(ir, {
      showTimings: false,
      showKeys: false,
      colors: defaultColorScheme,
      ...extra,
    });

  it("gives a failed step its ERR node and error edge, and a timed-out step its TO node and timeout edge", async () => {
    const text = render(await timeoutRun());
    const lines = text.split("\n").map((l) => l.trim());
    expect(lines).toContain("step_slow -.->|timeout| TO_step_slow");
    expect(lines).toContain('TO_step_slow{{"⏱ Timeout 5ms"}}');
    const failed = lines.find((l) => l.includes("Charge card"))!.split(/[{[]/)[0]!;
    expect(lines).toContain(`${failed} -->|error| ERR_${failed}`);
    expect(lines).toContain(`ERR_${failed}{{"NOT_FOUND"}}`);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it("leaves the edges out when showErrorEdges / showTimeoutEdges is false, and still parses", async () => {
    const ir = await timeoutRun();
    const noErrors = render(ir, { showErrorEdges: false });
    expect(noErrors).not.toContain("ERR_");
    expect(noErrors).toContain("|timeout|");
    const noTimeouts = render(ir, { showTimeoutEdges: false });
    expect(noTimeouts).not.toContain("TO_");
    expect(noTimeouts).toContain("|error|");
    const neither = render(ir, { showErrorEdges: false, showTimeoutEdges: false });
    expect(neither).not.toMatch(/ERR_|TO_/);
    for (const text of [noErrors, noTimeouts, neither])
      await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });
});

describe("a step waiting for an approval", () => {
  const approvalRun = async () => {
    const viz = createVisualizer({ workflowName: "refund", detectParallel: false, color: true });
    for (const e of await recordApprovalRun()) viz.handleEvent(e);
    return viz;
  };

  it("is drawn as waiting in ASCII: its own symbol and colour, no ✗ and no Failed", async () => {
    const viz = await approvalRun();
    const raw = viz.render();
    const out = strip(raw);
    expect(out).toMatch(/⏸ Approve refund \[\d+ms\] \[waiting for approval\]/);
    expect(out).toMatch(/Waiting for approval after \d+/);
    expect(out).not.toContain("✗");
    expect(out).not.toContain("Failed");
    expect(raw).toContain(`${defaultColorScheme.waiting}⏸`);
    expect(viz.getIR().root.state).toBe("waiting");
  });

  it("is drawn as waiting in Mermaid: a stadium node of class waiting, no ERR node, and it parses", async () => {
    const text = (await approvalRun()).renderAs("mermaid");
    const lines = text.split("\n").map((l) => l.trim());
    expect(lines).toContain(
      'step_approve_refund_42(["⏸ Approve refund<br/>waiting for approval"]):::waiting',
    );
    expect(lines).toContain('finish(("⏸ Waiting for approval")):::waiting');
    expect(lines.some((l) => l.startsWith("classDef waiting "))).toBe(true);
    expect(text).not.toMatch(/ERR_|:::error|✗/);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it("is drawn as waiting in the flowchart", async () => {
    const chart = strip((await approvalRun()).renderAs("flowchart"));
    expect(chart).toContain("⏸ Approve refund");
    expect(chart).toContain("⏸ Waiting for approval");
    expect(chart).not.toContain("✗");
  });
});

describe("renderToHTML", () => {
  it("escapes names in the page and in the data island", async () => {
    const html = renderToHTML((await visualize({ hostile: true })).getIR());
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).toContain("&lt;script&gt;window.__pwned");
  });

  it("refuses unknown formats with a clear error", async () => {
    expect(() => (createVisualizer().renderAs as (f: string) => string)("html")).toThrow(
      /Unknown format: html/,
    );
  });
});
