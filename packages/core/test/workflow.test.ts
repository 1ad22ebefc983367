import { describe, expect, it, vi } from "vitest";
import {
  createWorkflow,
  err,
  ok,
  type AsyncResult,
  type RunStep,
  type StepCache,
  type WorkflowEvent,
  isResumeStateError,
  isUnexpectedError,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND", string> =>
  id === "1" ? ok({ id }) : err("NOT_FOUND", { cause: `no user ${id}` });
const charge = async (amount: number): AsyncResult<number, "DECLINED"> =>
  amount < 100 ? ok(amount) : err("DECLINED");

describe("createWorkflow", () => {
  it("passes step, deps and ctx to the callback and returns ok(value)", async () => {
    const workflow = createWorkflow({ fetchUser, charge });
    const result = await workflow(async (step, deps, ctx) => {
      expect(typeof ctx.workflowId).toBe("string");
      const user = await step(() => deps.fetchUser("1"));
      return { user: user.id, charged: await step(() => deps.charge(5)) };
    });
    expect(result).toEqual({ ok: true, value: { user: "1", charged: 5 } });
  });

  it("passes args before ctx in the (args, fn) form", async () => {
    const workflow = createWorkflow({ charge });
    const result = await workflow({ amount: 7 }, async (step, { charge }, args, ctx) => {
      expect(ctx.workflowId).toMatch(/[0-9a-f-]{36}/);
      return step(() => charge(args.amount));
    });
    expect(result).toEqual({ ok: true, value: 7 });
  });

  it("returns a dependency's error unwrapped, with its cause", async () => {
    const workflow = createWorkflow({ fetchUser });
    const result = await workflow(async (step, { fetchUser }) => step(() => fetchUser("9")));
    expect(result).toEqual({ ok: false, error: "NOT_FOUND", cause: "no user 9" });
  });

  it("reports exceptions as UnexpectedError, or through catchUnexpected when strict", async () => {
    const boom = new Error("boom");
    const loose = createWorkflow({ charge });
    expect(
      await loose(() => {
        throw boom;
      }),
    ).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom } },
      cause: boom,
    });
    const strict = createWorkflow(
      { charge },
      { strict: true, catchUnexpected: () => "UNEXPECTED" as const },
    );
    expect(
      await strict(() => {
        throw boom;
      }),
    ).toEqual({ ok: false, error: "UNEXPECTED", cause: boom });
  });

  it("creates a context per invocation, adds it to events and hands it to callbacks", async () => {
    let n = 0;
    const events: Event[] = [];
    const contexts: unknown[] = [];
    const workflow = createWorkflow(
      { charge },
      {
        createContext: () => ({ requestId: `r${++n}` }),
        onEvent: (e, ctx) => {
          events.push(e);
          contexts.push(ctx);
        },
      },
    );
    const result = await workflow(async (step, { charge }, ctx) => {
      await step(() => charge(1));
      return ctx.context?.requestId;
    });
    expect(result).toEqual({ ok: true, value: "r1" });
    expect(events.map((e) => e.type)).toEqual([
      "workflow_start",
      "step_start",
      "step_success",
      "workflow_success",
    ]);
    for (const e of events) expect(e.context).toEqual({ requestId: "r1" });
    expect(contexts).toEqual(events.map(() => ({ requestId: "r1" })));
    await workflow(async () => undefined);
    expect(n).toBe(2);
  });

  it("emits workflow_error with the error", async () => {
    const events: Event[] = [];
    const workflow = createWorkflow({ charge }, { onEvent: (e) => void events.push(e) });
    await workflow(async (step, { charge }) => step(() => charge(500)));
    expect(events.at(-1)).toMatchObject({ type: "workflow_error", error: "DECLINED" });
    expect(events.every((e) => !("context" in e))).toBe(true);
  });
});

describe("createWorkflow gate hooks", () => {
  it("calls createContext, shouldRun, onBeforeStart, then starts", async () => {
    const order: string[] = [];
    const workflow = createWorkflow(
      { charge },
      {
        createContext: () => {
          order.push("createContext");
          return { tenant: "t" };
        },
        shouldRun: (id, ctx) => {
          order.push(`shouldRun:${typeof id}:${ctx.tenant}`);
          return true;
        },
        onBeforeStart: async () => {
          order.push("onBeforeStart");
          return true;
        },
        onEvent: (e) => void order.push(e.type),
      },
    );
    await workflow(async () => order.push("callback"));
    expect(order).toEqual([
      "createContext",
      "shouldRun:string:t",
      "hook_should_run",
      "onBeforeStart",
      "hook_before_start",
      "workflow_start",
      "callback",
      "workflow_success",
    ]);
  });

  it("skips the invocation without starting when shouldRun answers falsy", async () => {
    const events: Event[] = [];
    const onError = vi.fn();
    const onBeforeStart = vi.fn(() => true);
    const callback = vi.fn();
    const workflow = createWorkflow(
      { charge },
      { shouldRun: () => false, onBeforeStart, onError, onEvent: (e) => void events.push(e) },
    );
    const result = await workflow(callback);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toEqual({
        type: "UNEXPECTED_ERROR",
        cause: {
          type: "UNCAUGHT_EXCEPTION",
          thrown: new Error("Workflow skipped by shouldRun hook"),
        },
      });
      expect("cause" in result).toBe(false);
    }
    expect(events.map((e) => e.type)).toEqual(["hook_should_run"]);
    expect(events[0]).toMatchObject({ result: false, skipped: true });
    expect(callback).not.toHaveBeenCalled();
    expect(onBeforeStart).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it("maps an onBeforeStart skip or error through catchUnexpected", async () => {
    const strictSkip = createWorkflow(
      { charge },
      {
        strict: true,
        catchUnexpected: (e) => (e instanceof Error ? e.message : "other"),
        onBeforeStart: () => false,
      },
    );
    expect(await strictSkip(async () => 1)).toEqual({
      ok: false,
      error: "Workflow skipped by onBeforeStart hook",
    });
    const events: Event[] = [];
    const hookError = new Error("lock service down");
    const failing = createWorkflow(
      { charge },
      {
        onBeforeStart: async () => {
          throw hookError;
        },
        onEvent: (e) => void events.push(e),
      },
    );
    expect(await failing(async () => 1)).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: hookError } },
    });
    expect(events).toMatchObject([{ type: "hook_before_start_error", error: hookError }]);
  });
});

describe("createWorkflow cache, onAfterStep and resume", () => {
  it("replays keyed steps from a shared cache on later invocations", async () => {
    const cache = new Map();
    const op = vi.fn(() => charge(5));
    const events: Event[] = [];
    const workflow = createWorkflow({ charge }, { cache, onEvent: (e) => void events.push(e) });
    const body = async (step: RunStep<"DECLINED">) => step(op, { key: "charge:5", name: "charge" });
    expect(await workflow(body)).toEqual({ ok: true, value: 5 });
    expect(await workflow(body)).toEqual({ ok: true, value: 5 });
    expect(op).toHaveBeenCalledTimes(1);
    expect(cache.get("charge:5")).toEqual({ ok: true, value: 5 });
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === "step_cache_miss")).toHaveLength(1);
    expect(types.filter((t) => t === "step_cache_hit")).toHaveLength(1);
    expect(events.find((e) => e.type === "step_cache_hit")).toMatchObject({
      stepKey: "charge:5",
      name: "charge",
    });
  });

  it("caches failures encoded with their meta and replays the same error and cause", async () => {
    const cache = new Map();
    const workflow = createWorkflow({ fetchUser }, { cache });
    const op = vi.fn(() => fetchUser("2"));
    const first = await workflow(async (step) => step(op, { key: "u" }));
    const second = await workflow(async (step) => step(op, { key: "u" }));
    expect(op).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ ok: false, error: "NOT_FOUND", cause: "no user 2" });
    expect(second).toEqual(first);
    expect(cache.get("u")).toEqual({
      ok: false,
      error: "NOT_FOUND",
      cause: {
        __cachedMeta: true,
        originalCause: "no user 2",
        meta: { origin: "result", resultCause: "no user 2" },
      },
    });
  });

  it("does not cache non-strict exceptions", async () => {
    const cache = new Map();
    const workflow = createWorkflow({ charge }, { cache });
    await workflow(async (step) =>
      step(
        () => {
          throw new Error("flaky network");
        },
        { key: "k" },
      ),
    );
    expect(cache.has("k")).toBe(false);
  });

  it("calls onAfterStep after each executed keyed step, in order, without a cache", async () => {
    const order: string[] = [];
    const workflow = createWorkflow(
      { charge },
      {
        onAfterStep: async (key, result, workflowId, ctx) => {
          order.push(`after:${key}:${result.ok}:${typeof workflowId}:${String(ctx)}`);
        },
        onEvent: (e) => void order.push(e.type),
      },
    );
    await workflow(async (step, { charge }) => {
      await step(() => charge(1), { key: "a" });
      await step(() => charge(2));
    });
    expect(order).toEqual([
      "workflow_start",
      "step_start",
      "step_success",
      "step_complete",
      "after:a:true:string:undefined",
      "hook_after_step",
      "step_start",
      "step_success",
      "workflow_success",
    ]);
  });

  it("fails the workflow when onAfterStep throws, keeping the cached value", async () => {
    const cache = new Map();
    const hookError = new Error("disk full");
    const events: Event[] = [];
    const workflow = createWorkflow(
      { charge },
      {
        cache,
        onAfterStep: () => {
          throw hookError;
        },
        onEvent: (e) => void events.push(e),
      },
    );
    const result = await workflow(async (step, { charge }) => step(() => charge(1), { key: "a" }));
    expect(result).toMatchObject({ ok: false, cause: hookError });
    expect(cache.get("a")).toEqual({ ok: true, value: 1 });
    expect(events.find((e) => e.type === "hook_after_step_error")).toMatchObject({
      stepKey: "a",
      error: hookError,
    });
  });

  it("resumes from collected state, running again the keyed step that failed", async () => {
    const { createStepCollector } = await import("@awaitly/core");
    const collector = createStepCollector();
    const first = vi.fn(() => charge(10));
    const second = vi.fn(() => charge(500));
    const body = async (
      step: (op: () => AsyncResult<number, "DECLINED">, o: { key: string }) => Promise<number>,
    ) => {
      const a = await step(first, { key: "first" });
      const b = await step(second, { key: "second" });
      return a + b;
    };
    const original = createWorkflow({ charge }, { onEvent: collector.handleEvent });
    expect(await original(body)).toMatchObject({ ok: false, error: "DECLINED" });
    // The failed step is not recorded as done.
    expect([...collector.getState().steps.keys()]).toEqual(["first"]);

    const saved = collector.getState();
    second.mockImplementation(() => charge(20));
    const resumed = createWorkflow({ charge }, { resumeState: async () => saved });
    expect(await resumed(body)).toEqual({ ok: true, value: 30 });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it("replays a resumed thrown failure with the thrown value as cause", async () => {
    const thrown = new Error("gone");
    const workflow = createWorkflow(
      { charge },
      {
        resumeState: {
          steps: new Map([
            ["a", { result: err("DECLINED" as const), meta: { origin: "throw" as const, thrown } }],
          ]),
        },
      },
    );
    const op = vi.fn(() => charge(1));
    expect(await workflow(async (step) => step(op, { key: "a" }))).toEqual({
      ok: false,
      error: "DECLINED",
      cause: thrown,
    });
    expect(op).not.toHaveBeenCalled();
  });

  it("keeps direct values failing the same way under the cache wrapper", async () => {
    const withCache = createWorkflow({ charge }, { cache: new Map() });
    const without = createWorkflow({ charge });
    const body = async (step: (r: AsyncResult<number, "DECLINED">, o: object) => Promise<number>) =>
      step(charge(1), { retry: { attempts: 3 } });
    const a = await withCache(body);
    const b = await without(body);
    expect(a.ok).toBe(false);
    expect(b.ok).toBe(false);
    if (!a.ok && !b.ok) expect((a.cause as Error).message).toBe((b.cause as Error).message);
  });
});

describe("createWorkflow bad input", () => {
  it("throws a TypeError naming a dependency that is not a function", () => {
    expect(() => createWorkflow({ charge, broken: 3 } as never)).toThrow(TypeError);
    expect(() => createWorkflow({ charge, broken: 3 } as never)).toThrow(
      /dependency "broken" must be a function, got 3/,
    );
  });

  it("throws a TypeError naming a callback option that is not a function", () => {
    expect(() => createWorkflow({ charge }, { onEvent: "log" } as never)).toThrow(/onEvent/);
  });

  it("resolves malformed resume state to an err with a ResumeStateError naming the key", async () => {
    const workflow = createWorkflow(
      { charge },
      { resumeState: { steps: new Map([["a", { result: 42 }]]) } as never },
    );
    const body = vi.fn(async () => 1);
    const result = await workflow(body);
    expect(result).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION" } },
    });
    const thrown = !result.ok && isUnexpectedError(result.error) && result.error.cause;
    expect(thrown && "thrown" in thrown && thrown.thrown).toMatchObject({
      type: "RESUME_STATE_INVALID",
      key: "a",
      message: expect.stringContaining('"a"') as unknown,
    });
    expect(body).not.toHaveBeenCalled();
    const notMap = createWorkflow({ charge }, { resumeState: { steps: {} } as never });
    const bad = await notMap(async () => 1);
    expect(!bad.ok && bad.cause).toSatisfy(isResumeStateError);
  });

  it("reports an asynchronous cache instead of misreading it as hits", async () => {
    const asyncCache = {
      has: async () => true,
      get: async () => ok(1),
      set: async () => {},
      delete: async () => true,
      clear: async () => {},
    } as unknown as StepCache;
    const workflow = createWorkflow({ charge }, { cache: asyncCache });
    const result = await workflow(async (step, { charge }) => step(() => charge(1), { key: "k" }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.cause).toBeInstanceOf(TypeError);
      expect((result.cause as Error).message).toMatch(/"k".*got \[object Promise\]/);
    }
  });

  it("resolves to an UnexpectedError when the callback is not a function", async () => {
    const workflow = createWorkflow({ charge });
    const result = await workflow(5 as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.cause).toBeInstanceOf(TypeError);
  });
});

describe("createWorkflow gate hook errors", () => {
  it("reports a throwing shouldRun as hook_should_run_error and an UnexpectedError without cause", async () => {
    const events: Event[] = [];
    const gateError = new Error("lock store unreachable");
    const callback = vi.fn();
    const workflow = createWorkflow(
      { charge },
      {
        shouldRun: () => {
          throw gateError;
        },
        onEvent: (e) => void events.push(e),
      },
    );
    const result = await workflow(callback);
    expect(result).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: gateError } },
    });
    expect(events).toMatchObject([{ type: "hook_should_run_error", error: gateError }]);
    expect(callback).not.toHaveBeenCalled();
  });
});
