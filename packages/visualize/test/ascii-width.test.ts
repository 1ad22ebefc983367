import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import {
  createWorkflow,
  err,
  ok,
  SUSPENDED_TYPE,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";
import { createVisualizer } from "@awaitly/visualize";

const LONG = "Reserve the stock for every line item of the order in the warehouse";
const NAMES = {
  long: LONG,
  cjk: "在仓库中为订单的每个商品预留库存并通知物流部门安排发货",
  emoji: "🚀 ship the 📦 parcel to 👩‍💻 the customer 🇫🇷 with tracking 🚚🚚🚚",
  combining: "Re\u0301serve\u0301 sto\u0301ck".repeat(4),
};

/** A real run: long-named steps, a race (⚡), retries, onAfterStep hooks and an approval gate. */
async function recordRun(name: string) {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const load = async (): AsyncResult<number, never> => ok(1);
  let calls = 0;
  const flaky = async (): AsyncResult<number, "BUSY"> => (++calls < 3 ? err("BUSY") : ok(calls));
  const approve = async (): AsyncResult<never, { type: typeof SUSPENDED_TYPE; stepKey: string }> =>
    err({ type: SUSPENDED_TYPE, stepKey: "approve" });
  const workflow = createWorkflow(
    { load, flaky, approve },
    { onEvent: (e) => void events.push(e), onAfterStep: async () => {} },
  );
  await workflow(async (step, deps) => {
    await step(() => deps.load(), { key: "load", name });
    await step(() => deps.flaky(), {
      key: "flaky",
      name: `${name} (retried)`,
      retry: { attempts: 3, initialDelay: 1, jitter: false },
    });
    await step.race(name, async () => ok(await step(() => deps.load(), { key: "race", name })));
    return step(() => deps.approve(), { key: "approve", name: `${name} approval` });
  });
  return events;
}

const draw = (events: WorkflowEvent<unknown, unknown>[], width: number, workflowName: string) => {
  const viz = createVisualizer({ workflowName, terminalWidth: width, color: false });
  for (const e of events) viz.handleEvent(e);
  return viz.render();
};

// A drawn duration: `12ms`, `0.3ms`, `<0.1ms`, `1.5s`.
const D = String.raw`<?[\d.]+m?s`;

describe("ASCII renderer widths", () => {
  for (const [kind, name] of Object.entries(NAMES)) {
    for (const width of [30, 50, 60, 80, 120]) {
      it(`keeps every line inside a ${width}-column box with ${kind} names, hooks and an approval`, async () => {
        const out = draw(await recordRun(name), width, name);
        for (const line of out.split("\n")) {
          expect(stringWidth(line), line).toBe(width);
          expect(line.endsWith("│") || line.endsWith("┐") || line.endsWith("┘"), line).toBe(true);
        }
      });
    }
  }

  it("shortens the name, not what follows it: timing, approval and hook stay readable", async () => {
    const out = draw(await recordRun(LONG), 60, "checkout");
    const approval = out.split("\n").find((l) => l.includes("⏸"));
    expect(approval).toMatch(new RegExp(`… \\[${D}\\] \\[waiting for approval\\] ⚙ ${D} +│$`));
    const retried = out.split("\n").find((l) => l.includes("retries"));
    expect(retried).toMatch(new RegExp(`… \\[${D}\\] \\[2 retries\\] ⚙ ${D} +│$`));
  });

  it("colour codes never count as columns, and a cut colour is reset", async () => {
    const viz = createVisualizer({ workflowName: "checkout", terminalWidth: 40, color: true });
    for (const e of await recordRun(LONG)) viz.handleEvent(e);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
    for (const line of viz.render().split("\n")) {
      expect(stringWidth(line.replace(ansi, ""))).toBe(40);
    }
  });
});

describe("ASCII renderer legend", () => {
  it("explains the ⚙ hook marker when steps have onAfterStep hooks", async () => {
    const out = draw(await recordRun("Load order"), 90, "checkout");
    expect(out).toMatch(new RegExp(`✓ Load order \\[${D}\\] ⚙ ${D}`));
    expect(out).toContain("⚙ = time spent in onAfterStep (e.g. a checkpoint save)");
  });

  it("explains ⚠ when an onAfterStep hook failed, and draws no legend without hooks", async () => {
    const events: WorkflowEvent<unknown, unknown>[] = [];
    const load = async (): AsyncResult<number, never> => ok(1);
    const failing = createWorkflow(
      { load },
      {
        onEvent: (e) => void events.push(e),
        onAfterStep: () => {
          throw new Error("checkpoint store down");
        },
      },
    );
    await failing(async (step, deps) => step(() => deps.load(), { key: "load", name: "Load" }));
    expect(draw(events, 90, "checkout")).toContain(
      "⚠ = onAfterStep failed (e.g. a checkpoint save)",
    );

    const plain: WorkflowEvent<unknown, unknown>[] = [];
    const bare = createWorkflow({ load }, { onEvent: (e) => void plain.push(e) });
    await bare(async (step, deps) => step(() => deps.load(), { key: "load", name: "Load" }));
    expect(draw(plain, 90, "checkout")).not.toContain("onAfterStep");
  });
});
