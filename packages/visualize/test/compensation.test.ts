import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { checkpointedStep, runSagaStep, type SagaEvent } from "@awaitly/saga";
import { createIRBuilder, createVisualizer, renderToHTML } from "@awaitly/visualize";
import { launchChromium, loadMermaid, resolvedFill } from "./real-parts";

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;
let browser: Browser;

beforeAll(async () => {
  mermaid = await loadMermaid();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const reserve = async (sku: string): AsyncResult<{ holdId: string }, "OUT_OF_STOCK"> =>
  ok({ holdId: `hold-${sku}` });
const charge = async (cents: number): AsyncResult<string, "DECLINED"> =>
  cents > 1_000 ? err("DECLINED") : ok(`ch-${cents}`);
const release = async (): Promise<void> => {};

/**
 * A real saga in a workflow: `reserve` succeeds (a checkpointed saga step), `charge` declines,
 * the rollback releases the reservation and `runSagaStep` forgets its step (`step_invalidated`).
 */
async function recordRollback(onSagaEvent?: (event: SagaEvent) => void) {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const checkout = createWorkflow({ reserve, charge }, { onEvent: (e) => void events.push(e) });
  const result = await checkout(async (step, deps) =>
    runSagaStep(
      step,
      async (saga) => {
        await saga.step(
          () =>
            checkpointedStep(step, () => deps.reserve("sku-1"), {
              key: "reserve",
              name: "Reserve",
            }),
          { name: "Reserve", compensate: release },
        );
        return saga.step(
          () => checkpointedStep(step, () => deps.charge(4_200), { key: "charge", name: "Charge" }),
          { name: "Charge" },
        );
      },
      onSagaEvent ? { onEvent: onSagaEvent } : undefined,
    ),
  );
  expect(result).toMatchObject({ ok: false, error: "DECLINED" });
  return events;
}

const draw = (events: WorkflowEvent<unknown, unknown>[]) => {
  const viz = createVisualizer({ workflowName: "checkout", color: false, terminalWidth: 80 });
  for (const e of events) viz.handleEvent(e);
  return viz;
};

describe("a compensated saga step", () => {
  it("is drawn as undone in ASCII, never as a green ✓", async () => {
    const out = draw(await recordRollback()).render();
    expect(out).toMatch(/↩ Reserve \[\d+ms\] \[undone by compensation\]/);
    expect(out).not.toMatch(/✓ Reserve/);
    expect(out).toContain("✗ Charge");
  });

  it("is drawn as undone in the flowchart and marked in the logger's JSON", async () => {
    const viz = draw(await recordRollback());
    const flowchart = viz.renderAs("flowchart");
    expect(flowchart).toContain("↩ Reserve");
    expect(flowchart).toContain("undone by compensation");
    expect(flowchart).not.toContain("✓ Reserve");
    const log = JSON.parse(viz.renderAs("logger")) as { steps: { name: string }[] };
    expect(log.steps.find((s) => s.name === "Reserve")).toMatchObject({ compensated: true });
  });

  it("is drawn with the compensated class in Mermaid, which parses", async () => {
    const text = draw(await recordRollback()).renderAs("mermaid");
    const reserveLine = text.split("\n").find((l) => l.includes("Reserve")) ?? "";
    expect(reserveLine).toMatch(/"↩ Reserve \d+ms<br\/>undone by compensation"\]:::compensated$/);
    expect(text).toMatch(/classDef compensated /);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it("is drawn as compensated in the HTML page, in its own colour", async () => {
    const viz = draw(await recordRollback());
    const page = await browser.newPage();
    await page.setContent(renderToHTML(viz.getIR()), { waitUntil: "load" });
    const undone = page.locator(".wv-node--compensated");
    expect(await undone.count()).toBe(1);
    expect(await undone.locator("text").allTextContents()).toEqual([
      "Reserve",
      "undone by compensation",
    ]);
    const fill = await undone.locator("rect").evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toMatch(/^rgb/);
    expect(fill).not.toBe(await resolvedFill(page, "--node-success"));
    await page.close();
  }, 30_000);

  it("is drawn as compensated from the saga's own events when no keyed step was forgotten", async () => {
    const events: WorkflowEvent<unknown, unknown>[] = [];
    const viz = createVisualizer({ workflowName: "checkout", color: false, terminalWidth: 80 });
    const checkout = createWorkflow(
      { reserve, charge },
      { onEvent: (e) => (events.push(e), viz.handleEvent(e)) },
    );
    await checkout(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          // An unkeyed workflow step: nothing to forget, so only the saga says it was undone.
          await saga.step(async () => ok(await step(() => deps.reserve("sku-1"), "Reserve")), {
            name: "Reserve",
            compensate: release,
          });
          return saga.step(async () => ok(await step(() => deps.charge(4_200), "Charge")), {
            name: "Charge",
          });
        },
        { onEvent: viz.handleSagaEvent },
      ),
    );
    expect(events.some((e) => e.type === "step_invalidated")).toBe(false);
    expect(viz.render()).toMatch(/↩ Reserve .*\[undone by compensation\]/);
  });

  it("is drawn once when both the workflow and the saga report the undo", async () => {
    const viz = createVisualizer({ workflowName: "checkout", color: false, terminalWidth: 80 });
    const sagaEvents: SagaEvent[] = [];
    for (const e of await recordRollback((e) => void sagaEvents.push(e))) viz.handleEvent(e);
    for (const e of sagaEvents) viz.handleSagaEvent(e);
    const lines = viz.render().split("\n");
    expect(lines.filter((l) => l.includes("undone by compensation"))).toHaveLength(1);
  });

  it("keeps earlier snapshots as they were: the step succeeded before it was undone", async () => {
    const builder = createIRBuilder({ enableSnapshots: true, detectParallel: false });
    for (const e of await recordRollback()) builder.handleEvent(e);
    const snapshots = builder.getSnapshots();
    const reserveAt = (ir: ReturnType<typeof builder.getIR>) =>
      ir.root.children.find((n) => n.name === "Reserve");
    const before = snapshots.find((s) => reserveAt(s.ir)?.state === "success");
    expect(before).toBeDefined();
    expect(reserveAt(before!.ir)?.compensated).toBeUndefined();
    const last = snapshots.at(-1)!;
    expect(reserveAt(last.ir)).toMatchObject({ state: "success", compensated: true });
  });
});
