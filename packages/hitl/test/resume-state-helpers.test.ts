import { createWorkflow, err, ok, type ResumeState, type ResumeStateEntry } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import {
  clearStep,
  createApprovalStep,
  createHITLCollector,
  getPendingApprovals,
  hasPendingApproval,
  injectApproval,
  pendingApproval,
} from "@awaitly/hitl";

const pendingEntry = (key: string): ResumeStateEntry => ({ result: pendingApproval(key) });
const rejectedEntry = (key: string): ResumeStateEntry => ({
  result: err({ type: "APPROVAL_REJECTED", stepKey: key, reason: "no" }),
});
const state = (entries: Array<[string, ResumeStateEntry]>): ResumeState => ({
  steps: new Map(entries),
});

describe("injectApproval", () => {
  it("returns a new state with an ok entry (no meta) and leaves the input untouched", () => {
    const fetched: ResumeStateEntry = { result: ok(1) };
    const input = state([
      ["fetch", fetched],
      ["approve", pendingEntry("approve")],
    ]);
    const next = injectApproval(input, { stepKey: "approve", value: { by: "ada" } });
    expect(next).not.toBe(input);
    expect(Object.keys(next)).toEqual(["steps"]);
    expect(next.steps.get("approve")).toStrictEqual({ result: { ok: true, value: { by: "ada" } } });
    expect(next.steps.get("fetch")).toBe(fetched);
    expect(hasPendingApproval(input, "approve")).toBe(true);
  });

  it("appends an unknown key at the end", () => {
    const next = injectApproval(state([["a", { result: ok(1) }]]), { stepKey: "b", value: 2 });
    expect([...next.steps.keys()]).toEqual(["a", "b"]);
  });
});

describe("clearStep", () => {
  it("removes the key from a copy and ignores absent keys", () => {
    const input = state([["approve", pendingEntry("approve")]]);
    expect(clearStep(input, "approve").steps.has("approve")).toBe(false);
    expect(input.steps.has("approve")).toBe(true);
    expect(clearStep(input, "missing").steps.size).toBe(1);
  });
});

describe("hasPendingApproval / getPendingApprovals", () => {
  const s = state([
    ["a", pendingEntry("a")],
    ["b", { result: ok(1) }],
    ["c", rejectedEntry("c")],
    ["d", pendingEntry("d")],
  ]);

  it("reports only pending failures, not successes, rejections or missing keys", () => {
    expect(hasPendingApproval(s, "a")).toBe(true);
    expect(hasPendingApproval(s, "b")).toBe(false);
    expect(hasPendingApproval(s, "c")).toBe(false);
    expect(hasPendingApproval(s, "zzz")).toBe(false);
  });

  it("lists pending keys in state order as a new array", () => {
    expect(getPendingApprovals(s)).toEqual(["a", "d"]);
    expect(getPendingApprovals(state([]))).toEqual([]);
  });
});

describe("resume with injected approvals", () => {
  it("replays the injected value instead of calling the gate and runs the remaining steps", async () => {
    let checks = 0;
    const gate = createApprovalStep<string>({
      key: "approve",
      checkApproval: async () => {
        checks++;
        return { status: "pending" };
      },
    });
    let shipped = 0;
    const ship = async (by: string) => {
      shipped++;
      return ok(`shipped, approved by ${by}`);
    };
    const run = (
      options: Parameters<typeof createWorkflow<{ gate: typeof gate; ship: typeof ship }>>[1],
    ) =>
      createWorkflow(
        { gate, ship },
        options,
      )(async (step, deps) => {
        const by = await step(deps.gate, { key: "approve" });
        return step(() => deps.ship(by), { key: "ship" });
      });

    const collector = createHITLCollector();
    const first = await run({ onEvent: collector.handleEvent });
    expect(first.ok).toBe(false);
    expect(checks).toBe(1);
    expect(collector.hasPendingApprovals()).toBe(true);

    const resumed = injectApproval(collector.getState(), { stepKey: "approve", value: "ada" });
    const events: string[] = [];
    const second = await run({ resumeState: resumed, onEvent: (e) => events.push(e.type) });
    expect(second).toStrictEqual({ ok: true, value: "shipped, approved by ada" });
    expect(checks).toBe(1);
    expect(shipped).toBe(1);
    expect(events).toContain("step_cache_hit");
  });

  it("replays a saved pending entry without asking the source again", async () => {
    let checks = 0;
    const gate = createApprovalStep<string>({
      key: "approve",
      checkApproval: async () => {
        checks++;
        return { status: "approved", value: "late" };
      },
    });
    const result = await createWorkflow(
      { gate },
      { resumeState: state([["approve", pendingEntry("approve")]]) },
    )(async (step, { gate }) => step(gate, { key: "approve" }));
    expect(checks).toBe(0);
    expect(!result.ok && result.error).toMatchObject({ type: "PENDING_APPROVAL" });
  });
});
