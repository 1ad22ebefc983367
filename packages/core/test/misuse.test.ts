import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createWorkflow,
  err,
  isFloatingStepError,
  isResumeStateError,
  isStepKeyCollisionError,
  ok,
  run,
  type AsyncResult,
  type Result,
  type WorkflowEvent,
} from "@awaitly/core";

type Event = WorkflowEvent<unknown, unknown>;

const later = <T>(ms: number, result: Result<T, string>): AsyncResult<T, string> =>
  new Promise((resolve) => setTimeout(() => resolve(result), ms));
const rejectLater = (ms: number): AsyncResult<number, never> =>
  new Promise((_, reject) => setTimeout(() => reject(new Error("late failure")), ms));

// What an escaped exception became in a non-strict run.
const thrownOf = (result: Result<unknown, unknown, unknown>): unknown =>
  result.ok ? undefined : result.cause;

// Core's tests compile without Node types; the process is reached through globalThis.
type Listener = (reason: unknown) => void;
const proc = (
  globalThis as unknown as {
    process: { on(e: string, l: Listener): void; off(e: string, l: Listener): void };
  }
).process;

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeEach(() => {
  vi.useFakeTimers();
  unhandled = [];
  proc.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  proc.off("unhandledRejection", onUnhandled);
  vi.useRealTimers();
});

// Lets Node report unhandled rejections (it does so after the microtask queue drains).
const realSetTimeout = setTimeout;
const flushRejections = () => new Promise<void>((resolve) => realSetTimeout(resolve, 0));

describe("floating steps", () => {
  const bodies = {
    "step(fn)": (step: Parameters<Parameters<typeof run>[0]>[0]) =>
      void step(() => rejectLater(10)),
    "named step": (step: Parameters<Parameters<typeof run>[0]>[0]) =>
      void step(() => rejectLater(10), "charge"),
    "step.retry": (step: Parameters<Parameters<typeof run>[0]>[0]) =>
      void step.retry(() => rejectLater(10), { attempts: 1, name: "charge" }),
    "step.try": (step: Parameters<Parameters<typeof run>[0]>[0]) =>
      void step.try(() => rejectLater(10), { error: "X" as never, name: "charge" }),
  };

  for (const [form, start] of Object.entries(bodies)) {
    it(`fails the run naming a ${form} still running when the body returned, without a crash`, async () => {
      for (const onEvent of [undefined, () => {}]) {
        const pending = run(
          async (step) => {
            start(step);
            return 1;
          },
          onEvent ? { onEvent } : {},
        );
        let settledEarly = false;
        void pending.then(() => (settledEarly = true));
        await vi.advanceTimersByTimeAsync(5);
        expect(settledEarly).toBe(false); // it waits for the step to settle
        await vi.advanceTimersByTimeAsync(10);
        const error = thrownOf(await pending);
        expect(isFloatingStepError(error)).toBe(true);
        const expected = form === "step(fn)" ? (onEvent ? "step_1" : "(unnamed step)") : "charge";
        expect((error as { steps: string[] }).steps).toEqual([expected]);
        await flushRejections();
        expect(unhandled).toEqual([]);
      }
    });
  }

  it("names every floating step in the order they started", async () => {
    const pending = run(async (step) => {
      void step(() => later(10, ok(1)), "first");
      void step(() => later(20, ok(2)), { name: "second", key: "k2" });
      await step.try(() => 3, { error: "X" as never, name: "awaited" });
      return 1;
    });
    await vi.advanceTimersByTimeAsync(20);
    expect(thrownOf(await pending)).toMatchObject({ steps: ["first", "second"] });
  });

  it("reports a floating step that succeeds too, and maps it in strict runs", async () => {
    const catchUnexpected = vi.fn(() => "BUG" as const);
    const pending = run.strict(
      async (step) => {
        void step(() => later(10, ok(1)) as AsyncResult<number, "BUG">, { name: "audit" });
        return 1;
      },
      { catchUnexpected },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(await pending).toEqual({ ok: false, error: "BUG", cause: expect.anything() });
    expect(isFloatingStepError(catchUnexpected.mock.calls[0]?.[0 as never])).toBe(true);
  });

  it("keeps the real failure when a step fails while siblings still run, and waits for them", async () => {
    const events: Event[] = [];
    const pending = run(
      async (step) => {
        const slow = step(() => later(20, ok(1)), "slow");
        await step(() => later(5, err("DECLINED")), "charge");
        return slow;
      },
      { onEvent: (e) => events.push(e), onError: () => {} },
    );
    await vi.advanceTimersByTimeAsync(20);
    expect(await pending).toEqual({ ok: false, error: "DECLINED" });
    expect(events.filter((e) => e.type === "step_success").length).toBe(1);
  });

  it("fails a workflow whose keyed step floats, and does not checkpoint a wrong value", async () => {
    const onAfterStep = vi.fn();
    const cache = new Map();
    const workflow = createWorkflow({}, { cache, onAfterStep });
    const pending = workflow(async (step) => {
      void step(() => rejectLater(10), { key: "pay", name: "pay" });
      return "done";
    });
    await vi.advanceTimersByTimeAsync(10);
    const error = thrownOf(await pending);
    expect(isFloatingStepError(error) && error.steps).toEqual(["pay"]);
    expect(cache.has("pay")).toBe(false);
    expect(onAfterStep).not.toHaveBeenCalled();
    await flushRejections();
    expect(unhandled).toEqual([]);
  });
});

describe("floating steps that fail before the body returns", () => {
  // Fails at once: a resolved err, a rejection, a synchronous throw.
  const failures = {
    "returns err": async (): AsyncResult<number, "DECLINED"> => err("DECLINED"),
    rejects: async (): AsyncResult<number, "DECLINED"> => Promise.reject(new Error("down")),
    throws: (): AsyncResult<number, "DECLINED"> => {
      throw new Error("sync");
    },
  };
  type Step = Parameters<Parameters<typeof run>[0]>[0];
  const forms = {
    "step(fn)": (step: Step, op: () => AsyncResult<number, "DECLINED">) => step(() => op()),
    "named step": (step: Step, op: () => AsyncResult<number, "DECLINED">) =>
      step(() => op(), "charge"),
    "keyed step": (step: Step, op: () => AsyncResult<number, "DECLINED">) =>
      step(() => op(), { key: "charge" }),
    "step.retry": (step: Step, op: () => AsyncResult<number, "DECLINED">) =>
      step.retry(() => op(), { attempts: 1 }),
    "step.try": (step: Step, op: () => AsyncResult<number, "DECLINED">) =>
      step.try(() => op(), { error: "MAPPED" as never }),
  };
  const runners = {
    run: (body: (step: Step) => Promise<unknown>, onEvent?: () => void) =>
      run(body, onEvent ? { onEvent } : {}),
    createWorkflow: (body: (step: Step) => Promise<unknown>, onEvent?: () => void) =>
      createWorkflow({}, onEvent ? { onEvent, cache: new Map() } : {})(body as never),
  };

  for (const [runner, start] of Object.entries(runners)) {
    for (const onEvent of [undefined, () => {}]) {
      const listened = onEvent ? "listened" : "unlistened";
      for (const [form, call] of Object.entries(forms)) {
        for (const [how, op] of Object.entries(failures)) {
          // step.try maps what its operation throws; a returned err is its value.
          if (form === "step.try" && how === "returns err") continue;
          it(`${runner} (${listened}) fails like an awaited ${form} whose operation ${how}, without a crash`, async () => {
            const awaited = await start(async (step) => {
              await call(step, op);
              return "done";
            }, onEvent);
            expect(awaited.ok).toBe(false);
            // Returns after the step failed; returns at once, maybe before the step settled (then
            // the step was still running: a FloatingStepError).
            for (const wait of [true, false]) {
              const pending = start(async (step) => {
                void call(step, op);
                if (wait) await new Promise<void>((resolve) => setTimeout(resolve, 5));
                return "done";
              }, onEvent);
              await vi.advanceTimersByTimeAsync(5);
              const floated = await pending;
              if (wait || !isFloatingStepError(thrownOf(floated))) {
                expect(floated).toStrictEqual(awaited);
              }
              await flushRejections();
              expect(unhandled).toEqual([]);
            }
          });
        }
      }
    }
  }
});

describe("step key collisions", () => {
  it("fails the run naming the key and both names; the second dependency never runs", async () => {
    const fetchUser = vi.fn(async () => ok({ id: "u1" }));
    const fetchAdmin = vi.fn(async () => ok({ id: "admin" }));
    const workflow = createWorkflow({ fetchUser, fetchAdmin }, { cache: new Map() });
    const result = await workflow(async (step, d) => {
      const user = await step(() => d.fetchUser(), { key: "lookup", name: "fetchUser" });
      const admin = await step(() => d.fetchAdmin(), { key: "lookup", name: "fetchAdmin" });
      return [user, admin];
    });
    const error = thrownOf(result);
    expect(isStepKeyCollisionError(error)).toBe(true);
    expect(error).toMatchObject({
      key: "lookup",
      firstName: "fetchUser",
      secondName: "fetchAdmin",
    });
    expect(fetchAdmin).not.toHaveBeenCalled();
  });

  it("detects it in a plain run and in every keyed form", async () => {
    const result = await run(async (step) => {
      await step.try(() => 1, { error: "X" as never, key: "k", name: "one" });
      return step.fromResult(() => ok(2), { error: "X" as never, key: "k", name: "two" });
    });
    expect(thrownOf(result)).toMatchObject({ type: "STEP_KEY_COLLISION", key: "k" });
  });

  it("keeps the cache hit for a reused key when a step has no name", async () => {
    const op = vi.fn(async () => ok(1));
    const workflow = createWorkflow({}, { cache: new Map() });
    const result = await workflow(async (step) => [
      await step(op, { key: "k", name: "first" }),
      await step(op, { key: "k" }),
      await step(op, { key: "k", name: "first" }),
    ]);
    expect(result).toEqual({ ok: true, value: [1, 1, 1] });
    expect(op).toHaveBeenCalledTimes(1);
  });
});

describe("corrupt resume state", () => {
  const garbage: [string, unknown][] = [
    ["a null entry", null],
    ["a string entry", "{not json"],
    ["an entry whose result is not a Result", { result: { status: 200 } }],
    ["a bare Result instead of an entry", { ok: true, value: 1 }],
  ];
  for (const [what, entry] of garbage) {
    it(`resolves to an err naming the key for ${what}, and emits workflow_error`, async () => {
      const events: Event[] = [];
      const body = vi.fn(async () => 1);
      const workflow = createWorkflow(
        {},
        {
          onEvent: (e) => events.push(e),
          resumeState: { steps: new Map([["charge", entry]]) } as never,
        },
      );
      const result = await workflow(body);
      const error = thrownOf(result);
      expect(isResumeStateError(error)).toBe(true);
      expect(error).toMatchObject({ key: "charge" });
      expect(body).not.toHaveBeenCalled();
      expect(events.map((e) => e.type)).toEqual(["workflow_start", "workflow_error"]);
    });
  }

  it("resolves to an err when the loader returns garbage or fails", async () => {
    const garbageLoader = createWorkflow({}, { resumeState: async () => "garbage" as never });
    expect(isResumeStateError(thrownOf(await garbageLoader(async () => 1)))).toBe(true);
    const down = new Error("store down");
    const failing = createWorkflow(
      {},
      {
        resumeState: async () => {
          throw down;
        },
      },
    );
    expect(thrownOf(await failing(async () => 1))).toBe(down);
  });

  it("leaves a shared cache untouched when any entry is bad", async () => {
    const cache = new Map();
    const workflow = createWorkflow(
      {},
      {
        cache,
        resumeState: {
          steps: new Map<string, unknown>([
            ["good", { result: ok(1) }],
            ["bad", 7],
          ]),
        } as never,
      },
    );
    await workflow(async () => 1);
    expect(cache.size).toBe(0);
  });
});
