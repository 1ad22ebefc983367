import { beforeAll, describe, expect, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { createVisualizer } from "@awaitly/visualize";
import { loadMermaid } from "./real-parts";

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  mermaid = await loadMermaid();
});

async function recordRun(onAfterStep: () => void | Promise<void>) {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const load = async (): AsyncResult<number, never> => ok(1);
  const workflow = createWorkflow({ load }, { onEvent: (e) => void events.push(e), onAfterStep });
  await workflow(async (step, deps) =>
    step(() => deps.load(), { key: "load", name: "Load order" }),
  );
  const viz = createVisualizer({ workflowName: "checkout" });
  for (const e of events) viz.handleEvent(e);
  return viz.renderAs("mermaid");
}

describe("onAfterStep markers in Mermaid", () => {
  it("names the hook in words after the step's own time, and parses", async () => {
    const text = await recordRun(async () => {});
    const line = text.split("\n").find((l) => l.includes("Load order")) ?? "";
    // The step's duration first, then the hook with its own: never two bare numbers in a row.
    expect(line).toMatch(/"✓ Load order \d+ms<br\/>⚙ onAfterStep \d+ms"/);
    expect(line).not.toContain("⚙ hook");
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it("says the hook failed when it threw", async () => {
    const text = await recordRun(() => {
      throw new Error("checkpoint store down");
    });
    expect(text).toMatch(/<br\/>⚠ onAfterStep failed \d+ms"/);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });
});
