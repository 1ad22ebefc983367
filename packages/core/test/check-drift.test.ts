import { describe, expect, it } from "vitest";
import {
  checkDrift,
  createWorkflow,
  isWorkflowDriftError,
  ok,
  type AsyncResult,
  type ResumeState,
  type ResumeStateEntry,
  type RunStep,
} from "@awaitly/core";

let calls = 0;
const charge = async (key: string): AsyncResult<string, "DECLINED"> => (calls++, ok(key));
const deps = { charge };
type Deps = typeof deps;
type Step = RunStep<"DECLINED">;

// Saved runs as a checkpointer keeps them: a run of the old code that parked after `keys`.
async function parked(runId: string, keys: string[]): Promise<ResumeState> {
  const steps = new Map<string, ResumeStateEntry>();
  await createWorkflow(deps)(
    async (step, { charge }) => {
      for (const key of keys) await step(() => charge(key), { key });
    },
    { onAfterStep: (key, _r, _id, _ctx, entry) => void steps.set(key, entry) },
  );
  return { steps, runId };
}

const newCode = async (step: Step, { charge }: Deps) => {
  for (const key of ["a", "x", "b", "c"]) await step(() => charge(key), { key });
};

const patchedCode = async (step: Step, { charge }: Deps) => {
  await step(() => charge("a"), { key: "a" });
  if (await step.patched("x")) await step(() => charge("x"), { key: "x" });
  await step(() => charge("b"), { key: "b" });
  return step(() => charge("c"), { key: "c" });
};

async function savedRuns() {
  return [
    { runId: "r1", state: await parked("r1", ["a", "b"]) },
    { runId: "r2", state: await parked("r2", ["a", "b", "c"]) },
    { runId: "r3", state: await parked("r3", ["a"]) },
  ];
}

describe("checkDrift", () => {
  it("finds the runs an inserted step would drift, and none once the step is a patch", async () => {
    const runs = await savedRuns();
    calls = 0;
    const report = await checkDrift({ body: newCode, runs });
    expect(calls).toBe(0);
    expect(report.drifted).toBe(2);
    expect(report.runs.map(({ runId, status }) => [runId, status])).toEqual([
      ["r1", "diverges"],
      ["r2", "diverges"],
      ["r3", "compatible"],
    ]);
    for (const verdict of report.runs.slice(0, 2)) {
      expect(verdict).toMatchObject({ index: 1, recorded: "b", requested: "x" });
      if (verdict.status === "diverges") expect(isWorkflowDriftError(verdict.error)).toBe(true);
    }

    const patched = await checkDrift({ body: patchedCode, runs });
    expect(calls).toBe(0);
    expect(patched.drifted).toBe(0);
    expect(patched.runs).toEqual([
      { runId: "r1", status: "needs-patch", patches: ["x"] },
      { runId: "r2", status: "needs-patch", patches: ["x"] },
      { runId: "r3", status: "compatible" },
    ]);
    expect(patched.patches).toEqual({ x: { oldPath: 2 } });
    const retired = await checkDrift({ body: patchedCode, runs: runs.slice(2) });
    expect(retired.patches).toEqual({ x: { oldPath: 0 } });
  });

  it("agrees with a real resume: the old runs skip x, the new one runs it", async () => {
    const workflow = createWorkflow(deps);
    for (const { state } of await savedRuns()) {
      const ran: string[] = [];
      const result = await workflow(
        async (step, { charge }) => {
          await step(() => charge("a"), { key: "a" });
          if (await step.patched("x")) await step(() => (ran.push("x"), charge("x")), { key: "x" });
          await step(() => (ran.push("b"), charge("b")), { key: "b" });
          return step(() => (ran.push("c"), charge("c")), { key: "c" });
        },
        { resumeState: state },
      );
      expect(result.ok).toBe(true);
      const keys = [...state.steps.keys()];
      expect(ran).toEqual(keys.length === 1 ? ["x", "b", "c"] : keys.length === 2 ? ["c"] : []);
    }
  });

  it("says so when a dependency called outside a recorded step stops the replay early", async () => {
    const runs = [{ runId: "r1", state: await parked("r1", ["a", "b"]) }];
    const report = await checkDrift({
      body: async (step: Step, { charge }: Deps) => {
        await step(() => charge("a"), { key: "a" });
        await step(() => charge("unkeyed"));
        await step(() => charge("b"), { key: "b" });
      },
      runs,
    });
    expect(report.runs[0]).toMatchObject({ runId: "r1", status: "unchecked" });
    expect(report.drifted).toBe(0);
  });

  it("passes each run's input and reads runs from an async iterable", async () => {
    async function* runs() {
      yield { runId: "r1", state: await parked("r1", ["a", "b"]), input: ["a", "b"] };
      yield { runId: "r2", state: await parked("r2", ["a", "b"]), input: ["b", "a"] };
    }
    const report = await checkDrift({
      body: async (step: Step, { charge }: Deps, order: string[]) => {
        for (const key of order) await step(() => charge(key), { key });
      },
      runs: runs(),
    });
    expect(report.runs.map((v) => v.status)).toEqual(["compatible", "diverges"]);
  });

  it("gives the body the fourth argument `context` builds from the replay's step and run", async () => {
    const seen: string[] = [];
    const report = await checkDrift({
      // An engine's run whose wait is a keyed step: recorded ones replay, like any step.
      context: (step: Step, run) => ({
        runId: run.runId,
        wait: (key: string) => step(() => charge(key), { key }),
      }),
      body: async (step: Step, { charge }: Deps, _input: unknown, run) => {
        seen.push(run.runId);
        await step(() => charge("a"), { key: "a" });
        await run.wait("b");
        await step(() => charge("x"), { key: "x" });
      },
      runs: [{ runId: "r1", state: await parked("r1", ["a", "b", "c"]) }],
    });
    expect(seen).toEqual(["r1"]);
    expect(report.runs[0]).toMatchObject({ status: "diverges", index: 2, recorded: "c" });
  });

  it("rejects options without a body, or with a context that is not a function", async () => {
    await expect(checkDrift({ runs: [] } as never)).rejects.toThrow(/"body"/);
    await expect(checkDrift({ body: newCode, runs: [], context: "run" } as never)).rejects.toThrow(
      /"context" must be a function/,
    );
  });
});
