import { describe, expect, it, vi } from "vitest";
import {
  err,
  isUnexpectedError,
  ok,
  run,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;
const collect = () => {
  const events: Event[] = [];
  return {
    events,
    onEvent: (e: Event) => void events.push(e),
    types: () => events.map((e) => e.type),
  };
};

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND", { id: string }> =>
  id === "1" ? ok({ id }) : err("NOT_FOUND", { cause: { id } });

describe("run", () => {
  it("resolves to ok(return value) when every step succeeds", async () => {
    const result = await run(async (step) => {
      const fromThunk = await step(() => fetchUser("1"));
      const fromPromise = await step(fetchUser("1"));
      const fromResult = await step(ok(3));
      return [fromThunk.id, fromPromise.id, fromResult];
    });
    expect(result).toEqual({ ok: true, value: ["1", "1", 3] });
  });

  it("handles a promise or Result passed directly like the same value returned by a thunk", async () => {
    const boom = new Error("boom");
    for (const listen of [false, true]) {
      const { events, onEvent } = collect();
      const opts = listen ? { onEvent } : {};
      const rejected = await run(async (step) => step(Promise.reject(boom)), opts);
      const viaThunk = await run(async (step) => step(() => Promise.reject(boom)), opts);
      expect(rejected).toEqual(viaThunk);
      expect(rejected).toMatchObject({
        ok: false,
        error: { type: "UNEXPECTED_ERROR" },
        cause: boom,
      });
      const notResult = await run(async (step) => step(Promise.resolve(7) as never, "seven"), opts);
      expect(notResult).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
      expect(String((notResult as { cause?: unknown }).cause)).toContain(
        'step "seven": the operation must return a Result',
      );
      const failed = await run(async (step) => step(fetchUser("2"), { key: "u" }), opts);
      expect(failed).toMatchObject({ ok: false, cause: { id: "2" } });
      if (listen) {
        expect(events.map((e) => e.type)).toEqual([
          "step_start",
          "step_error",
          "step_start",
          "step_error",
          "step_start",
          "step_error",
          "step_start",
          "step_error",
          "step_complete",
        ]);
      }
    }
  });

  it("accepts a synchronous callback", async () => {
    expect(await run(() => 42)).toEqual({ ok: true, value: 42 });
  });

  it("does not flatten a Result returned by the callback", async () => {
    expect(await run(async () => err("X"))).toEqual({ ok: true, value: { ok: false, error: "X" } });
  });

  it("wraps step errors as STEP_FAILURE when neither onError nor catchUnexpected is given", async () => {
    const result = await run(async (step) => step(() => fetchUser("2")));
    expect(result).toEqual({
      ok: false,
      error: {
        type: "UNEXPECTED_ERROR",
        cause: { type: "STEP_FAILURE", origin: "result", error: "NOT_FOUND", cause: { id: "2" } },
      },
      cause: { id: "2" },
    });
  });

  it("returns raw step errors and calls onError once when onError is given", async () => {
    const onError = vi.fn();
    const result = await run<string, "NOT_FOUND", { req: number }>(
      async (step) => (await step(() => fetchUser("2"), "load")).id,
      { onError, context: { req: 1 } },
    );
    expect(result).toEqual({ ok: false, error: "NOT_FOUND", cause: { id: "2" } });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith("NOT_FOUND", "load", { req: 1 });
  });

  it("maps thrown exceptions through catchUnexpected in strict mode", async () => {
    const boom = new Error("boom");
    const onError = vi.fn();
    const result = await run.strict<never, "BOOM">(
      async (step) =>
        step(() => {
          throw boom;
        }, "explode"),
      { catchUnexpected: () => "BOOM" as const, onError },
    );
    expect(result).toEqual({ ok: false, error: "BOOM", cause: boom });
    expect(onError).toHaveBeenCalledWith("BOOM", "explode", undefined);
  });

  it("reports an exception in a step as UNCAUGHT_EXCEPTION and calls onError with 'unexpected'", async () => {
    const boom = new Error("boom");
    const onError = vi.fn();
    const result = await run(
      async (step) =>
        step(() => {
          throw boom;
        }),
      { onError },
    );
    expect(result).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom } },
      cause: boom,
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toBe("unexpected");
  });

  it("rejects when catchUnexpected itself throws", async () => {
    const mapperError = new Error("mapper");
    const pending = run(
      async () => {
        throw new Error("body");
      },
      {
        catchUnexpected: () => {
          throw mapperError;
        },
      },
    );
    await expect(pending).rejects.toBe(mapperError);
  });

  it("ends the run with a failed step's error even when the body catches its exit and goes on", async () => {
    const onError = vi.fn();
    const after = vi.fn(async () => ok(2));
    const result = await run(
      async (step) => {
        try {
          await step(err("FIRST"));
        } catch {
          // swallowed: the body goes on, the run still fails with the step's error
        }
        await step(() => after());
        return "recovered";
      },
      { onError },
    );
    expect(result).toEqual({ ok: false, error: "FIRST" });
    expect(after).toHaveBeenCalledOnce();
    expect(onError).toHaveBeenCalledOnce();
  });

  it("resolves to an UnexpectedError naming the problem when the callback is not a function", async () => {
    const result = await run(42 as unknown as () => number);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(isUnexpectedError(result.error)).toBe(true);
    expect(result.cause).toBeInstanceOf(TypeError);
    expect(String((result.cause as Error).message)).toMatch(/function/);
  });

  it("fails a step that receives retry or timeout options with a direct value", async () => {
    const retried = await run(async (step) => step(ok(1), { retry: { attempts: 2 } }));
    expect(retried.ok).toBe(false);
    if (!retried.ok) {
      expect((retried.cause as Error).message).toMatch(
        /retry options require a function operation/,
      );
    }
    const timed = await run(async (step) => step(ok(1), { timeout: { ms: 10 } }));
    expect(timed.ok).toBe(false);
    if (!timed.ok) {
      expect((timed.cause as Error).message).toMatch(
        /timeout options require a function operation/,
      );
    }
  });

  it("fails with a TypeError when an operation does not return a Result", async () => {
    const result = await run(async (step) =>
      step((() => 42) as unknown as () => AsyncResult<number, never>),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.cause).toBeInstanceOf(TypeError);
      expect((result.cause as Error).message).toMatch(/Result/);
    }
  });
});

describe("run events", () => {
  it("emits start, success and complete for a keyed step with the given workflowId and context", async () => {
    const { events, onEvent } = collect();
    const value = ok(1);
    await run(async (step) => step(() => value, { key: "k", name: "one" }), {
      onEvent,
      workflowId: "wf-1",
      context: { tenant: "t" },
    });
    expect(events.map((e) => e.type)).toEqual(["step_start", "step_success", "step_complete"]);
    for (const e of events) {
      expect(e.workflowId).toBe("wf-1");
      expect(e.context).toEqual({ tenant: "t" });
      expect(typeof e.ts).toBe("number");
    }
    const complete = events[2];
    expect(complete).toMatchObject({ stepKey: "k", name: "one" });
    if (complete?.type === "step_complete") {
      expect(complete.result).toBe(value);
      expect("meta" in complete).toBe(false);
    }
  });

  it("numbers unkeyed steps step_1, step_2… and uses keys as ids", async () => {
    const { events, onEvent } = collect();
    await run(
      async (step) => {
        await step(ok(1));
        await step(ok(2), { key: "two" });
        await step(ok(3));
      },
      { onEvent },
    );
    const starts = events.filter((e) => e.type === "step_start");
    expect(starts.map((e) => (e.type === "step_start" ? e.stepId : ""))).toEqual([
      "step_1",
      "two",
      "step_3",
    ]);
    expect(starts[0]).toHaveProperty("stepKey", undefined);
    expect(starts[0]).toHaveProperty("name", undefined);
  });

  it("keeps numbering step ids past the ids it makes once per process, and from 1 in each run", async () => {
    const ids = async (count: number): Promise<string[]> => {
      const { events, onEvent } = collect();
      await run(
        async (step) => {
          for (let i = 0; i < count; i++) await step(ok(i));
        },
        { onEvent },
      );
      return events.flatMap((e) => (e.type === "step_start" ? [e.stepId] : []));
    };
    const many = await ids(1100);
    expect(many.slice(0, 2)).toEqual(["step_1", "step_2"]);
    expect(many.slice(1022, 1026)).toEqual(["step_1023", "step_1024", "step_1025", "step_1026"]);
    expect(many[1099]).toBe("step_1100");
    expect(await ids(2)).toEqual(["step_1", "step_2"]);
  });

  it("emits error then complete with result meta for a failing keyed step, without a context key", async () => {
    const { events, onEvent } = collect();
    await run(async (step) => step(() => fetchUser("2"), { key: "user" }), {
      onEvent,
      onError: () => {},
    });
    expect(events.map((e) => e.type)).toEqual(["step_start", "step_error", "step_complete"]);
    for (const e of events) expect("context" in e).toBe(false);
    const complete = events[2];
    if (complete?.type !== "step_complete") throw new Error("expected step_complete");
    expect(complete.result).toEqual({ ok: false, error: "NOT_FOUND", cause: { id: "2" } });
    expect(complete.meta).toEqual({ origin: "result", resultCause: { id: "2" } });
  });

  it("records a thrown exception in step_complete with throw meta", async () => {
    const { events, onEvent } = collect();
    const boom = new Error("boom");
    await run(
      async (step) =>
        step(
          () => {
            throw boom;
          },
          { key: "k" },
        ),
      { onEvent },
    );
    const complete = events.find((e) => e.type === "step_complete");
    if (complete?.type !== "step_complete") throw new Error("expected step_complete");
    expect(complete.meta).toEqual({ origin: "throw", thrown: boom });
    expect(complete.result).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom } },
      cause: boom,
    });
  });

  it("emits step_aborted for an outer step whose operation exits early", async () => {
    const { types, onEvent } = collect();
    await run(
      async (step) =>
        step(async () => {
          await step(err("INNER"));
          return ok(1);
        }),
      { onEvent, onError: () => {} },
    );
    expect(types()).toEqual(["step_start", "step_start", "step_error", "step_aborted"]);
  });

  it("does not catch a throwing listener as an operation failure (retry does not repeat side effects)", async () => {
    const sideEffect = vi.fn(() => ok("done"));
    const listenerError = new Error("listener");
    const result = await run(
      async (step) => step(sideEffect, { retry: { attempts: 3, initialDelay: 0, jitter: false } }),
      {
        onEvent: (e) => {
          if (e.type === "step_success") throw listenerError;
        },
      },
    );
    expect(sideEffect).toHaveBeenCalledTimes(1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.cause).toBe(listenerError);
  });

  it("reports an UnexpectedError step error as is in wrap mode (no double wrapping)", async () => {
    const { events, onEvent } = collect();
    const inner = await run(async (step) => step(err("X")));
    const outer = await run(async (step) => step(inner), { onEvent });
    const stepError = events.find((e) => e.type === "step_error");
    if (stepError?.type !== "step_error" || inner.ok || outer.ok)
      throw new Error("expected errors");
    expect(stepError.error).toBe(inner.error);
    expect(outer.error).toBe(inner.error);
  });
});

describe("step.try", () => {
  it("maps a throw to the given error with throw meta and cause", async () => {
    const boom = new Error("boom");
    const { events, onEvent } = collect();
    const result = await run<never, "PARSE">(
      async (step) =>
        step.try(
          () => {
            throw boom;
          },
          { error: "PARSE", key: "parse" },
        ),
      { onError: () => {}, onEvent },
    );
    expect(result).toEqual({ ok: false, error: "PARSE", cause: boom });
    const complete = events.find((e) => e.type === "step_complete");
    expect(complete).toMatchObject({ meta: { origin: "throw", thrown: boom } });
  });

  it("uses onError to map the thrown value and resolves the value on success", async () => {
    const result = await run<number, { code: string }>(
      async (step) => {
        const n = await step.try(() => JSON.parse("7") as number, {
          onError: () => ({ code: "x" }),
        });
        return step.try(
          async () => {
            throw new Error(String(n));
          },
          { onError: (e) => ({ code: (e as Error).message }) },
        );
      },
      { onError: () => {} },
    );
    expect(result).toEqual({ ok: false, error: { code: "7" }, cause: new Error("7") });
  });

  it("wraps mapped errors as STEP_FAILURE origin throw in wrap mode", async () => {
    const boom = new Error("boom");
    const result = await run(async (step) =>
      step.try(
        () => {
          throw boom;
        },
        { error: "E" },
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        type: "UNEXPECTED_ERROR",
        cause: { type: "STEP_FAILURE", origin: "throw", error: "E", thrown: boom },
      },
    });
  });

  it("lets a nested failing step abort the outer step instead of mapping it", async () => {
    const { types, onEvent } = collect();
    const result = await run<never, "INNER" | "MAPPED">(
      async (step) =>
        step.try(
          async () => {
            await step(err("INNER" as const));
            return 1 as never;
          },
          { error: "MAPPED" },
        ),
      { onError: () => {}, onEvent },
    );
    expect(result).toMatchObject({ ok: false, error: "INNER" });
    expect(types()).toContain("step_aborted");
  });
});

describe("step.fromResult", () => {
  it("maps the Result error and stores the original error as cause", async () => {
    const { events, onEvent } = collect();
    const result = await run<{ id: string }, "MAPPED">(
      async (step) =>
        step.fromResult(() => fetchUser("2"), { onError: () => "MAPPED" as const, key: "k" }),
      { onError: () => {}, onEvent },
    );
    expect(result).toEqual({ ok: false, error: "MAPPED", cause: "NOT_FOUND" });
    expect(events.find((e) => e.type === "step_complete")).toMatchObject({
      result: { ok: false, error: "MAPPED", cause: "NOT_FOUND" },
      meta: { origin: "result", resultCause: "NOT_FOUND" },
    });
  });

  it("reports an exception from its operation like any step exception", async () => {
    const boom = new Error("boom");
    const { types, onEvent } = collect();
    const result = await run(
      async (step) =>
        step.fromResult(
          (): AsyncResult<number, string> => {
            throw boom;
          },
          { error: "X" },
        ),
      { onEvent },
    );
    expect(types()).toEqual(["step_start", "step_error"]);
    expect(result).toMatchObject({ ok: false, cause: boom });
  });
});
