import { describe, expect, it } from "vitest";
import { createWorkflow, ok, run, type WorkflowEvent } from "@awaitly/core";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("generated workflow ids", () => {
  it("give every workflow invocation a fresh v4 UUID, the same in ctx and in events", async () => {
    const seen = new Set<string>();
    const eventIds: string[] = [];
    const workflow = createWorkflow(
      {},
      { onEvent: (e: WorkflowEvent<unknown>) => void eventIds.push(e.workflowId) },
    );
    // More than one batch of random bytes (256 ids), so refills are covered.
    for (let i = 0; i < 600; i++) {
      const result = await workflow(async (_step, _deps, ctx) => ctx.workflowId);
      if (!result.ok) throw new Error("workflow failed");
      expect(result.value).toMatch(V4);
      seen.add(result.value);
      expect(eventIds.slice(-2)).toEqual([result.value, result.value]);
    }
    expect(seen.size).toBe(600);
  });

  it("give a listened run without a workflowId option a fresh v4 UUID", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 300; i++) {
      let id = "";
      await run(async (step) => step(ok(1)), { onEvent: (e) => void (id = e.workflowId) });
      expect(id).toMatch(V4);
      ids.add(id);
    }
    expect(ids.size).toBe(300);
  });

  it("draw the random bits evenly: every hex digit appears in the random positions", async () => {
    const digits = new Map<string, number>();
    const workflow = createWorkflow({});
    for (let i = 0; i < 300; i++) {
      const result = await workflow(async (_step, _deps, ctx) => ctx.workflowId);
      if (!result.ok) throw new Error("workflow failed");
      for (const d of result.value.replace(/-/g, "").slice(0, 12)) {
        digits.set(d, (digits.get(d) ?? 0) + 1);
      }
    }
    // 3,600 random digits: each of the 16 expected ~225 times.
    expect(digits.size).toBe(16);
    for (const count of digits.values()) expect(count).toBeGreaterThan(120);
  });
});
