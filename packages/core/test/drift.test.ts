import { describe, expect, it } from "vitest";
import {
  allAsync,
  anyAsync,
  createStepCollector,
  createWorkflow,
  err,
  isUnexpectedError,
  isWorkflowDriftError,
  ok,
  ResumeStateError,
  WorkflowDriftError,
  type AsyncResult,
  type ResumeState,
  type ResumeStateEntry,
  type RunStep,
} from "@awaitly/core";

const job = async (n: number): AsyncResult<number, "E"> => ok(n);
const deps = { job };
type Step = RunStep<"E">;

// A body that asks for keyed steps one after another and counts what actually ran.
const sequence = (keys: string[], ran: string[]) => async (step: Step) => {
  for (const key of keys) await step(() => (ran.push(key), job(1)), { key });
  return ran.length;
};

// Runs a body and keeps what a checkpointer would: each keyed step that succeeded, as its entry.
async function record(body: (step: Step) => Promise<unknown>): Promise<ResumeState> {
  const steps = new Map<string, ResumeStateEntry>();
  const workflow = createWorkflow(deps);
  await workflow(body, {
    onAfterStep: (key, _result, _id, _ctx, entry) => {
      if (entry.result.ok) steps.set(key, entry);
    },
  });
  return { steps, runId: "run-1" };
}

function resume(state: ResumeState, body: (step: Step) => Promise<unknown>) {
  return createWorkflow(deps)(body, { resumeState: state });
}

function drifted(result: { ok: boolean; cause?: unknown }): WorkflowDriftError {
  expect(result.ok).toBe(false);
  if (!isWorkflowDriftError(result.cause)) throw new Error("expected a WorkflowDriftError cause");
  return result.cause;
}

// A promise the test resolves later, to make steps finish in a chosen order.
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe("WorkflowDriftError", () => {
  it("stops a resumed run before a step inserted ahead of a recorded one runs", async () => {
    const state = await record(sequence(["a", "b"], []));
    const ran: string[] = [];
    const result = await resume(state, sequence(["a", "x", "b", "c"], ran));
    const error = drifted(result);
    expect(error).toBeInstanceOf(WorkflowDriftError);
    expect(error).toMatchObject({
      type: "WORKFLOW_DRIFT",
      name: "WorkflowDriftError",
      runId: "run-1",
      index: 1,
      recorded: "b",
      requested: "x",
    });
    expect(typeof error.workflowId).toBe("string");
    expect(error.message).toContain('recorded "b", the code asked for "x"');
    expect(ran).toEqual([]);
    expect(!result.ok && isUnexpectedError(result.error)).toBe(true);
  });

  it("lets a resumed run append steps after the recorded ones", async () => {
    const state = await record(sequence(["a", "b"], []));
    const ran: string[] = [];
    const result = await resume(state, sequence(["a", "b", "c"], ran));
    expect(result).toEqual(ok(1));
    expect(ran).toEqual(["c"]);
  });

  it("reports a recorded step the code no longer asks for, mid-run and at the end", async () => {
    const state = await record(sequence(["a", "b", "c"], []));
    const ran: string[] = [];
    expect(drifted(await resume(state, sequence(["a", "c", "d"], ran)))).toMatchObject({
      index: 1,
      recorded: "b",
      requested: "c",
    });
    expect(drifted(await resume(state, sequence(["a", "b"], ran)))).toMatchObject({
      index: 2,
      recorded: "c",
      requested: undefined,
    });
    expect(ran).toEqual([]);
  });

  it("reports two recorded steps swapped", async () => {
    const state = await record(sequence(["a", "b"], []));
    expect(drifted(await resume(state, sequence(["b", "a"], [])))).toMatchObject({
      index: 0,
      recorded: "a",
      requested: "b",
    });
  });

  it("keeps the run stopped when the body catches the drift and goes on", async () => {
    const state = await record(sequence(["a", "b"], []));
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await step(() => job(1), { key: "a" });
      try {
        await step(() => (ran.push("x"), job(1)), { key: "x" });
      } catch {
        // The body swallows the error and tries an unkeyed step and the recorded one.
      }
      await step(() => (ran.push("unkeyed"), job(1))).catch(() => 0);
      await step(() => (ran.push("b"), job(1)), { key: "b" }).catch(() => 0);
      return "done";
    });
    expect(drifted(result)).toMatchObject({ index: 1, requested: "x" });
    expect(ran).toEqual([]);
  });

  it("resumes state saved without an order unchecked", async () => {
    const legacy: ResumeState = {
      steps: new Map([
        ["a", { result: ok(1) }],
        ["b", { result: ok(1) }],
      ]),
    };
    const ran: string[] = [];
    const result = await resume(legacy, sequence(["b", "x", "a"], ran));
    expect(result).toEqual(ok(1));
    expect(ran).toEqual(["x"]);
  });

  it("refuses an entry whose order is not a non-negative integer", async () => {
    const bad = { steps: new Map([["a", { result: ok(1), order: -1 }]]) } as ResumeState;
    const result = await resume(bad, sequence(["a"], []));
    expect(!result.ok && result.cause).toBeInstanceOf(ResumeStateError);
  });

  it("records the order in createStepCollector's state too", async () => {
    const collector = createStepCollector();
    const workflow = createWorkflow(deps, { cache: new Map(), onEvent: collector.handleEvent });
    await workflow(sequence(["a", "b"], []));
    const state = collector.getState();
    expect([...state.steps].map(([key, entry]) => [key, entry.order])).toEqual([
      ["a", 0],
      ["b", 1],
    ]);
    expect(drifted(await resume(state, sequence(["a", "x", "b"], [])))).toMatchObject({
      index: 1,
    });
  });
});

describe("steps asked for together", () => {
  it("compare as a set: a parallel scope whose steps finish in another order on resume", async () => {
    // First run: b finishes before a, then c; a crash loses c's checkpoint.
    const slowA = gate<void>();
    const firstRun = record(async (step) => {
      await step.parallel({
        a: () => step(() => slowA.promise.then(() => job(1)), { key: "a" }).then(ok),
        b: () => step(() => job(2), { key: "b" }).then((v) => (slowA.open(), ok(v))),
      });
      return step(() => job(3), { key: "c" });
    });
    const state = await firstRun;
    expect(state.steps.get("a")?.order).toBe(state.steps.get("b")?.order);
    state.steps.delete("c");
    // Resume: b is asked for first and a finishes first; c then runs.
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await step.parallel({
        b: () => step(() => (ran.push("b"), job(2)), { key: "b" }).then(ok),
        a: () => step(() => (ran.push("a"), job(1)), { key: "a" }).then(ok),
      });
      return step(() => (ran.push("c"), job(3)), { key: "c" });
    });
    expect(result).toEqual(ok(3));
    expect(ran).toEqual(["c"]);
  });

  it("compare as a set when started in one synchronous turn (Promise.all), in any order", async () => {
    const state = await record(async (step) => {
      await Promise.all([step(() => job(1), { key: "a" }), step(() => job(2), { key: "b" })]);
      return step(() => job(3), { key: "c" });
    });
    state.steps.delete("c");
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await Promise.all([
        step(() => (ran.push("b"), job(2)), { key: "b" }),
        step(() => (ran.push("a"), job(1)), { key: "a" }),
      ]);
      return step(() => (ran.push("c"), job(3)), { key: "c" });
    });
    expect(result).toEqual(ok(3));
    expect(ran).toEqual(["c"]);
  });

  it("compare as a set inside a scope even when its branches interleave differently", async () => {
    // Two branches of two steps each; the first run interleaves them one way, the resume another.
    const branches = (step: Step, firstSlow: boolean, ran: string[]) => {
      const slow = gate<void>();
      const branch = async (name: string, slowHere: boolean): AsyncResult<string, "E"> => {
        await step(
          () => (ran.push(`${name}1`), slowHere ? slow.promise.then(() => job(1)) : job(1)),
          {
            key: `${name}1`,
          },
        );
        if (!slowHere) slow.open();
        await step(() => (ran.push(`${name}2`), job(2)), { key: `${name}2` });
        return ok(name);
      };
      return step.parallel({ p: () => branch("p", firstSlow), q: () => branch("q", !firstSlow) });
    };
    const state = await record((step) => branches(step, true, []));
    state.steps.delete("p2");
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await branches(step, false, ran);
      return step(() => (ran.push("after"), job(3)), { key: "after" });
    });
    expect(result).toEqual(ok(3));
    expect(ran).toEqual(["p2", "after"]);
  });

  it("compare as a set in a race scope", async () => {
    const state = await record(async (step) => {
      await step.race("first", (() =>
        anyAsync([
          step(() => job(1), { key: "a" }).then(ok),
          step(() => job(2), { key: "b" }).then(ok),
        ])) as never);
      return step.parallel("both", (() =>
        allAsync([
          step(() => job(3), { key: "c" }).then(ok),
          step(() => job(4), { key: "d" }).then(ok),
        ])) as never);
    });
    state.steps.delete("d");
    const result = await resume(state, async (step) => {
      await step.race("first", (() =>
        anyAsync([
          step(() => job(2), { key: "b" }).then(ok),
          step(() => job(1), { key: "a" }).then(ok),
        ])) as never);
      return step.parallel("both", (() =>
        allAsync([
          step(() => job(4), { key: "d" }).then(ok),
          step(() => job(3), { key: "c" }).then(ok),
        ])) as never);
    });
    expect(result.ok).toBe(true);
  });

  it("let a step of the group that failed run again, asked for before its recorded siblings", async () => {
    const fail = async (): AsyncResult<number, "E"> => err("E");
    const state = await record(async (step) => {
      await Promise.all([step(() => fail(), { key: "c" }), step(() => job(2), { key: "d" })]);
      return step(() => job(3), { key: "e" });
    });
    expect([...state.steps.keys()]).toEqual(["d"]);
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await Promise.all([
        step(() => (ran.push("c"), job(1)), { key: "c" }),
        step(() => (ran.push("d"), job(2)), { key: "d" }),
      ]);
      return step(() => (ran.push("e"), job(3)), { key: "e" });
    });
    expect(result).toEqual(ok(3));
    expect(ran).toEqual(["c", "e"]);
  });

  it("let a step run again where an invalidated or failed step left its place empty", async () => {
    const state = await record(sequence(["reserve", "lookup"], []));
    state.steps.delete("reserve"); // what step.invalidate did to the checkpoint
    const ran: string[] = [];
    const result = await resume(state, sequence(["reserve", "lookup", "charge"], ran));
    expect(result).toEqual(ok(2));
    expect(ran).toEqual(["reserve", "charge"]);
  });

  it("stop a new step asked for alone before recorded ones, before it starts", async () => {
    const state = await record(sequence(["a", "b"], []));
    const ran: string[] = [];
    const result = await resume(state, async (step) => {
      await step(() => job(1), { key: "a" });
      const x = step(() => (ran.push("x"), job(1)), { key: "x" });
      await x.catch(() => 0);
      return step(() => (ran.push("b"), job(1)), { key: "b" });
    });
    expect(drifted(result)).toMatchObject({ index: 1, recorded: "b", requested: "x" });
    expect(ran).toEqual([]);
  });

  it("keep the order between groups: a scope's step moved after a later step drifts", async () => {
    const state = await record(async (step) => {
      await Promise.all([step(() => job(1), { key: "a" }), step(() => job(2), { key: "b" })]);
      return step(() => job(3), { key: "c" });
    });
    const result = await resume(state, async (step) => {
      await step(() => job(1), { key: "a" });
      await step(() => job(3), { key: "c" });
      return step(() => job(2), { key: "b" });
    });
    expect(drifted(result)).toMatchObject({ index: 1, recorded: "b", requested: "c" });
  });
});

describe("step.patched", () => {
  const patchedBody = (ran: string[]) => async (step: Step) => {
    await step(() => (ran.push("a"), job(1)), { key: "a" });
    if (await step.patched("x")) await step(() => (ran.push("x"), job(1)), { key: "x" });
    await step(() => (ran.push("b"), job(1)), { key: "b" });
    await step(() => (ran.push("c"), job(1)), { key: "c" });
    return ran;
  };

  it("keeps runs started before the change on their old path and sends new runs the new way", async () => {
    const old = await record(sequence(["a", "b"], []));
    const ranOld: string[] = [];
    expect(await resume(old, patchedBody(ranOld))).toEqual(ok(["c"]));

    const ranNew: string[] = [];
    const fresh = await record(patchedBody(ranNew));
    expect(ranNew).toEqual(["a", "x", "b", "c"]);
    expect(fresh.steps.has("@patch:x")).toBe(true);

    // A run that had only done `a` reaches the patch after the deploy: it takes the new path.
    const early = await record(sequence(["a"], []));
    const ranEarly: string[] = [];
    expect(await resume(early, patchedBody(ranEarly))).toEqual(ok(["x", "b", "c"]));
  });

  it("answers the same on every resume of a run that took the new path", async () => {
    const state = await record(async (step) => {
      await step(() => job(1), { key: "a" });
      return (await step.patched("x")) && step(() => job(1), { key: "x" });
    });
    state.steps.delete("x");
    const ran: string[] = [];
    expect(await resume(state, patchedBody(ran))).toEqual(ok(["x", "b", "c"]));
  });

  it("takes the new path in a run without a record", async () => {
    const workflow = createWorkflow(deps);
    expect(await workflow(async (step) => step.patched("x"))).toEqual(ok(true));
  });

  it("rejects an empty id", async () => {
    const result = await createWorkflow(deps)(async (step) => step.patched(""));
    expect(!result.ok && result.cause).toBeInstanceOf(TypeError);
  });

  it("lets a run resume after its patch was retired (the marker is not a step)", async () => {
    const fresh = await record(patchedBody([]));
    fresh.steps.delete("c");
    const ran: string[] = [];
    const result = await resume(fresh, sequence(["a", "x", "b", "c"], ran));
    expect(result).toEqual(ok(1));
    expect(ran).toEqual(["c"]);
  });
});

describe("cached failure", () => {
  it("is never written as an ordered entry for a hit", async () => {
    const state = await record(sequence(["a"], []));
    const written: string[] = [];
    await createWorkflow(deps)(sequence(["a", "b"], []), {
      resumeState: state,
      onAfterStep: (key) => void written.push(key),
    });
    expect(written).toEqual(["b"]);
    expect(err("E").ok).toBe(false);
  });
});
