import {
  createStepCollector,
  createWorkflow,
  err,
  ok,
  type AsyncResult,
  type Result,
  type ResumeStateEntry,
  type RunStep,
  type WorkflowEvent,
} from "@awaitly/core";
import { describe, expect, it } from "vitest";

const job = async (n: number): AsyncResult<number, "E"> => ok(n);
const fail = async (): AsyncResult<number, "E"> => err("E", { cause: "why" });

// Resolved only when the test says so: lets concurrent runs interleave deterministically.
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("workflow call options", () => {
  it("serves concurrent runs from one instance, each with its own context, resumeState and hooks", async () => {
    const workflow = createWorkflow({ job }, { createContext: () => ({ tenant: "default" }) });
    const seen: Record<string, string[]> = { a: [], b: [] };
    const gates = { a: gate(), b: gate() };
    const runFor = (tenant: "a" | "b", resumed: number) =>
      workflow(
        async (step, { job }, ctx) => {
          const first = await step(() => job(1), { key: "first" });
          await gates[tenant].opened;
          const second = await step(() => job(2), { key: "second" });
          return `${ctx.context?.tenant}:${first + second}`;
        },
        {
          context: { tenant },
          resumeState: { steps: new Map([["first", { result: ok(resumed) }]]) },
          onBeforeStep: (key, _id, context) =>
            void seen[tenant]?.push(`before ${key} ${context.tenant}`),
          onAfterStep: (key, result, _id, context) =>
            void seen[tenant]?.push(`after ${key} ${JSON.stringify(result)} ${context.tenant}`),
        },
      );
    const a = runFor("a", 10);
    const b = runFor("b", 20);
    gates.b.open();
    expect(await b).toStrictEqual(ok("b:22"));
    gates.a.open();
    expect(await a).toStrictEqual(ok("a:12"));
    expect(seen).toStrictEqual({
      a: ["before second a", 'after second {"ok":true,"value":2} a'],
      b: ["before second b", 'after second {"ok":true,"value":2} b'],
    });
  });

  it("uses createContext when the call gives no context", async () => {
    const workflow = createWorkflow({ job }, { createContext: () => "made" });
    expect(await workflow(async (_s, _d, ctx) => ctx.context, {})).toStrictEqual(ok("made"));
    expect(await workflow(async (_s, _d, ctx) => ctx.context, { context: "given" })).toStrictEqual(
      ok("given"),
    );
  });

  it("loads a call's resumeState into the call's own cache, not the workflow's", async () => {
    const cache = new Map<string, Result<unknown, unknown, unknown>>();
    const workflow = createWorkflow({ job }, { cache });
    const result = await workflow(async (step, { job }) => step(() => job(1), { key: "a" }), {
      resumeState: { steps: new Map([["a", { result: ok(5) }]]) },
    });
    expect(result).toStrictEqual(ok(5));
    expect(cache.size).toBe(0);
  });

  it("calls the workflow's hooks and then the call's, in that order", async () => {
    const calls: string[] = [];
    const workflow = createWorkflow(
      { job },
      {
        onBeforeStep: (key) => void calls.push(`workflow before ${key}`),
        onAfterStep: async (key) => void calls.push(`workflow after ${key}`),
        onStepInvalidated: async (key) => void calls.push(`workflow invalidated ${key}`),
      },
    );
    await workflow(
      async (step, { job }) => {
        await step(() => job(1), { key: "a" });
        await step.invalidate("a");
      },
      {
        onBeforeStep: (key) => void calls.push(`call before ${key}`),
        onAfterStep: async (key) => void calls.push(`call after ${key}`),
        onStepInvalidated: async (key) => void calls.push(`call invalidated ${key}`),
      },
    );
    expect(calls).toStrictEqual([
      "workflow before a",
      "call before a",
      "workflow after a",
      "call after a",
      "workflow invalidated a",
      "call invalidated a",
    ]);
  });

  it("calls onBeforeStep before every step and scope, and not on cache hits", async () => {
    const keys: (string | undefined)[] = [];
    const workflow = createWorkflow({ job });
    const result = await workflow(
      async (step, { job }) => {
        await step(() => job(1), { key: "cached" });
        await step(() => job(1), { key: "fresh" });
        await step(() => job(1));
        await step(job(1), "named");
        await step.try(() => 1, { error: "E" as const });
        await step.fromResult(() => job(1), { error: "E" as const, key: "mapped" });
        await step.retry(() => job(1), { attempts: 2 });
        await step.withTimeout(() => job(1), { ms: 1000 });
        await step.parallel({ x: () => job(1) });
        await step.race("race", () => job(1));
        await step.allSettled("settled", async () => ok([1] as const));
        await step.invalidate("fresh");
        return "done";
      },
      {
        resumeState: { steps: new Map([["cached", { result: ok(1) }]]) },
        onBeforeStep: (key) => void keys.push(key),
      },
    );
    expect(result).toStrictEqual(ok("done"));
    expect(keys).toStrictEqual([
      "fresh",
      undefined,
      undefined,
      undefined,
      "mapped",
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("fails the step before its operation runs when onBeforeStep throws", async () => {
    const lost = new Error("lease lost");
    let started = 0;
    const workflow = createWorkflow({ job });
    for (const key of ["k", undefined]) {
      started = 0;
      const result = await workflow(
        async (step, { job }) => step(() => (started++, job(1)), key === undefined ? {} : { key }),
        {
          onBeforeStep: () => {
            throw lost;
          },
        },
      );
      expect(started).toBe(0);
      expect(result).toStrictEqual(
        err(
          { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: lost } },
          { cause: lost },
        ),
      );
    }
  });

  it("passes onAfterStep the entry a step collector stores, which resumes identically", async () => {
    const entries = new Map<string, ResumeStateEntry>();
    const collector = createStepCollector();
    const events: WorkflowEvent<unknown>[] = [];
    const workflow = createWorkflow(
      { job, fail },
      {
        onEvent: (event) => {
          events.push(event);
          collector.handleEvent(event);
        },
      },
    );
    const body = async (step: RunStep<"E">, deps: { job: typeof job; fail: typeof fail }) => {
      const a = await step(() => deps.job(1), { key: "a" });
      const b = await step(() => deps.fail(), { key: "b" });
      return a + b;
    };
    const first = await workflow(body, {
      onAfterStep: (key, _result, _id, _ctx, entry) => void entries.set(key, entry),
    });
    expect(first.ok).toBe(false);
    expect(entries.get("a")).toStrictEqual(collector.getState().steps.get("a"));
    expect(entries.get("b")).toStrictEqual({
      result: err("E", { cause: "why" }),
      meta: { origin: "result", resultCause: "why" },
      order: 1,
    });
    // Replaying the stored entries gives the same outcome without running anything.
    let ran = 0;
    const replayed = await workflow(
      async (step) => {
        const a = await step(() => (ran++, job(9)), { key: "a" });
        const b = await step(() => (ran++, job(9)), { key: "b" });
        return a + b;
      },
      { resumeState: { steps: entries } },
    );
    expect(ran).toBe(0);
    expect(replayed).toStrictEqual(first);
  });

  it("passes the raw thrown value as the entry's cause when a strict step throws", async () => {
    const boom = new Error("boom");
    const entries: ResumeStateEntry[] = [];
    const workflow = createWorkflow(
      { job },
      { strict: true, catchUnexpected: () => "MAPPED" as const },
    );
    const first = await workflow(
      async (step) =>
        step(
          () => {
            throw boom;
          },
          { key: "t" },
        ),
      { onAfterStep: (_k, _r, _id, _c, entry) => void entries.push(entry) },
    );
    expect(entries).toStrictEqual([
      {
        result: err("MAPPED", { cause: boom }),
        meta: { origin: "throw", thrown: boom },
        order: 0,
      },
    ]);
    const replayed = await workflow(async (step, { job }) => step(() => job(1), { key: "t" }), {
      resumeState: { steps: new Map([["t", entries[0] as ResumeStateEntry]]) },
    });
    expect(replayed).toStrictEqual(first);
  });

  it("rejects a hook that is not a function, naming the option", async () => {
    const workflow = createWorkflow({ job });
    for (const name of ["onBeforeStep", "onAfterStep", "onStepInvalidated", "onStepCompensation"]) {
      await expect(workflow(async () => 1, { [name]: "nope" } as never)).rejects.toThrow(
        new TypeError(`workflow call: option "${name}" must be a function, got "nope"`),
      );
    }
  });

  it("rejects a resumeState that is neither an object nor a function", async () => {
    const workflow = createWorkflow({ job });
    await expect(workflow(async () => 1, { resumeState: 3 } as never)).rejects.toThrow(
      /workflow call: option "resumeState" must be a ResumeState or a function, got 3/,
    );
  });

  it("rejects an unknown option, naming the closest valid one", async () => {
    const workflow = createWorkflow({ job });
    const call = workflow as (fn: () => Promise<number>, options: object) => Promise<unknown>;
    await expect(call(async () => 1, { onBeforeStpe: () => {} })).rejects.toThrow(
      /unknown option "onBeforeStpe" \(did you mean "onBeforeStep"\?\)/,
    );
    await expect(call(async () => 1, { contxt: 1 })).rejects.toThrow(/did you mean "context"/);
    await expect(call(async () => 1, { createContext: () => 1 })).rejects.toThrow(TypeError);
  });

  it("calls onBeforeStep before each step of a cancellable run, and before the step's events", async () => {
    const seen: string[] = [];
    const workflow = createWorkflow(
      { job },
      {
        onEvent: (event) => {
          if (event.type === "step_start") seen.push(`step_start ${event.stepKey ?? "-"}`);
        },
      },
    );
    const listened = await workflow(
      async (step, { job }) => {
        await step(() => job(1));
        return step(() => job(2), { key: "k" });
      },
      { onBeforeStep: (key) => void seen.push(`before ${key ?? "-"}`) },
    );
    expect(listened).toStrictEqual(ok(2));
    const cancellable = await createWorkflow({ job })(
      async (step, { job }) => {
        await step(() => job(1));
        return step(() => job(2), { key: "k" });
      },
      {
        signal: new AbortController().signal,
        onBeforeStep: (key) => void seen.push(`signal ${key ?? "-"}`),
      },
    );
    expect(cancellable).toStrictEqual(ok(2));
    expect(seen).toStrictEqual([
      "before -",
      "step_start -",
      "before k",
      "step_start k",
      "signal -",
      "signal k",
    ]);
  });

  it("passes the workflow-level onAfterStep the same entry", async () => {
    const entries: [string, ResumeStateEntry][] = [];
    const workflow = createWorkflow(
      { job, fail },
      { onAfterStep: (key, _result, _id, _ctx, entry) => void entries.push([key, entry]) },
    );
    await workflow(async (step, { job, fail }) => {
      await step(() => job(1), { key: "a" });
      return step(() => fail(), { key: "b" });
    });
    expect(entries).toStrictEqual([
      ["a", { result: ok(1), meta: undefined, order: 0 }],
      [
        "b",
        {
          result: err("E", { cause: "why" }),
          meta: { origin: "result", resultCause: "why" },
          order: 1,
        },
      ],
    ]);
  });
});
