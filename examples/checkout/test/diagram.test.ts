import { afterEach, describe, expect, it } from "vitest";
import { renderRun } from "../src/diagram";
import type { RunRecord, StoredEvent } from "../src/runs";

const ttyBefore = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
afterEach(() => {
  if (ttyBefore) Object.defineProperty(process.stdout, "isTTY", ttyBefore);
  else delete (process.stdout as { isTTY?: boolean }).isTTY;
});

describe("renderRun", () => {
  it("serves a plain ASCII view even when the server runs in a terminal", () => {
    Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
    const w = { invocation: 0, workflowId: "w" };
    const events: StoredEvent[] = [
      { ...w, type: "workflow_start", ts: 0 },
      { ...w, type: "step_start", stepId: "a", name: "Reserve stock", ts: 1 },
      { ...w, type: "step_success", stepId: "a", name: "Reserve stock", ts: 2, durationMs: 1 },
      { ...w, type: "workflow_success", ts: 3, durationMs: 3 },
    ];
    const run = { runId: "r1" } as RunRecord;
    const { ascii } = renderRun(run, events);
    expect(ascii).toContain("✓ Reserve stock");
    expect(ascii).not.toContain(`${String.fromCharCode(27)}[`);
  });
});
