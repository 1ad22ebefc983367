import { describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, run, type AsyncResult } from "@awaitly/core";
import {
  createSagaWorkflow,
  isSagaCompensationError,
  runSaga,
  type SagaEvent,
} from "@awaitly/saga";

/** Three services whose calls and undos are logged; `failAt` makes one of them fail. */
function services(failAt?: "reserve" | "charge" | "notify") {
  const log: string[] = [];
  const step =
    <T>(name: string, value: T) =>
    async (): AsyncResult<T, `${Uppercase<string>}_FAILED`> => {
      log.push(name);
      return failAt === name
        ? err(`${name.toUpperCase()}_FAILED` as `${Uppercase<string>}_FAILED`)
        : ok(value);
    };
  return {
    log,
    reserve: step("reserve", { reservationId: "r1" }),
    charge: step("charge", { chargeId: "c1" }),
    notify: step("notify", { messageId: "m1" }),
    release: async (r: { reservationId: string }) => void log.push(`release ${r.reservationId}`),
    refund: async (c: { chargeId: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // an async compensation
      log.push(`refund ${c.chargeId}`);
    },
  };
}

const threeSteps = (s: ReturnType<typeof services>) =>
  runSaga<string, string>(async (saga) => {
    const r = await saga.step(s.reserve, { name: "reserve", compensate: s.release });
    const c = await saga.step(s.charge, { name: "charge", compensate: s.refund });
    await saga.step(s.notify, { name: "notify" });
    return `${r.reservationId}/${c.chargeId}`;
  });

describe("saga rollback", () => {
  it("succeeds without compensating when every step succeeds", async () => {
    const s = services();
    expect(await threeSteps(s)).toEqual({ ok: true, value: "r1/c1" });
    expect(s.log).toEqual(["reserve", "charge", "notify"]);
  });

  it.each([
    ["reserve", ["reserve"]],
    ["charge", ["reserve", "charge", "release r1"]],
    ["notify", ["reserve", "charge", "notify", "refund c1", "release r1"]],
  ] as const)("undoes completed steps in reverse when %s fails", async (failAt, expected) => {
    const s = services(failAt);
    expect(await threeSteps(s)).toEqual({ ok: false, error: `${failAt.toUpperCase()}_FAILED` });
    expect(s.log).toEqual(expected);
  });

  it("runs every compensation even when some throw, and reports all of them in order", async () => {
    const log: string[] = [];
    const boom1 = new Error("refund failed");
    const boom2 = new Error("release failed");
    const onError = vi.fn();
    const result = await runSaga<never, string>(
      async (saga) => {
        await saga.step(async () => ok(1), {
          name: "a",
          compensate: async () => {
            log.push("undo a");
            throw boom2;
          },
        });
        await saga.step(async () => ok(2), {
          name: "b",
          compensate: () => void log.push("undo b"),
        });
        await saga.step(async () => ok(3), {
          name: "c",
          compensate: () => {
            log.push("undo c");
            throw boom1;
          },
        });
        return saga.step(async () => err("D_FAILED"), { name: "d" });
      },
      { onError },
    );
    expect(log).toEqual(["undo c", "undo b", "undo a"]);
    expect(result).toEqual({
      ok: false,
      error: {
        type: "SAGA_COMPENSATION_ERROR",
        originalError: "D_FAILED",
        compensationErrors: [
          { stepName: "c", error: boom1 },
          { stepName: "a", error: boom2 },
        ],
      },
    });
    expect(!result.ok && isSagaCompensationError(result.error)).toBe(true);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ type: "SAGA_COMPENSATION_ERROR" }),
      "d",
    );
  });

  it("rejects with the compensation error when throwOnCompensationFailure is set", async () => {
    const pending = runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), {
          compensate: () => {
            throw new Error("x");
          },
        });
        await saga.step(async () => err("E"));
      },
      { throwOnCompensationFailure: true },
    );
    await expect(pending).rejects.toMatchObject({
      type: "SAGA_COMPENSATION_ERROR",
      originalError: "E",
    });
  });

  it("turns a thrown exception into an UnexpectedError after compensating", async () => {
    const boom = new Error("bug");
    const undo = vi.fn();
    const onError = vi.fn();
    const result = await runSaga(
      async (saga) => {
        await saga.step(async () => ok("v"), { compensate: undo });
        throw boom;
      },
      { onError },
    );
    expect(undo).toHaveBeenCalledWith("v");
    expect(result).toEqual({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: boom } },
    });
    expect(onError).toHaveBeenCalledWith(boom, undefined);
  });

  it("maps tryStep throws and records its compensation", async () => {
    const undo = vi.fn();
    const result = await runSaga<never, "PARSE" | "LATER">(async (saga) => {
      await saga.tryStep(() => 42, { error: "PARSE", name: "ok-step", compensate: undo });
      await saga.tryStep(
        () => {
          throw new Error("x");
        },
        { onError: () => "LATER" as const, name: "bad" },
      );
      throw new Error("unreachable");
    });
    expect(result).toEqual({ ok: false, error: "LATER" });
    expect(undo).toHaveBeenCalledWith(42);
  });

  it("undoes a concurrent step that finishes after the rollback started", async () => {
    const log: string[] = [];
    let finishSlow: () => void = () => {};
    const slowDone = new Promise<void>((resolve) => (finishSlow = resolve));
    const result = await runSaga(async (saga) => {
      const slow = saga.step(
        async () => {
          await slowDone;
          return ok("slow");
        },
        { name: "slow", compensate: () => void log.push("undo slow") },
      );
      const fast = saga.step(async () => err("FAST_FAILED"), { name: "fast" });
      setTimeout(finishSlow, 1);
      await Promise.all([slow, fast]);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(result).toMatchObject({ ok: false, error: "FAST_FAILED" });
    expect(log).toEqual(["undo slow"]);
  });

  it("emits events in the specified order with one saga id", async () => {
    const events: SagaEvent[] = [];
    await runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), { name: "a", compensate: () => {} });
        await saga.step(async () => err("E"), { name: "b" });
      },
      { onEvent: (e) => void events.push(e) },
    );
    expect(events.map((e) => e.type)).toEqual([
      "saga_start",
      "saga_error",
      "saga_compensation_start",
      "saga_compensation_step",
      "saga_compensation_end",
    ]);
    expect(new Set(events.map((e) => e.sagaId)).size).toBe(1);
    expect(events[2]).toMatchObject({ stepCount: 1 });
    expect(events[3]).toEqual({
      type: "saga_compensation_step",
      sagaId: events[0]?.sagaId,
      stepName: "a",
      ts: expect.any(Number),
      success: true,
    });
    expect(events[4]).toMatchObject({ success: true, failedCount: 0 });
  });

  it("lists recorded compensations", async () => {
    await runSaga(async (saga) => {
      await saga.step(async () => ok(undefined), { name: "u", compensate: () => {} });
      await saga.step(async () => ok(1), { name: "n" });
      await saga.step(async () => ok(null), { compensate: () => {} });
      expect(saga.getCompensations()).toEqual([
        { name: "u", hasValue: false },
        { name: undefined, hasValue: true },
      ]);
    });
  });
});

describe("createSagaWorkflow", () => {
  it("passes deps, infers errors and runs inside a real createWorkflow step", async () => {
    const s = services("charge");
    const checkout = createSagaWorkflow({ reserve: s.reserve, charge: s.charge });
    const result = await run(
      async (step) =>
        step(async () =>
          checkout(async (saga, deps) => {
            await saga.step(() => deps.reserve(), { name: "reserve", compensate: s.release });
            return saga.step(() => deps.charge(), { name: "charge" });
          }),
        ),
      { onError: () => {} },
    );
    expect(result).toMatchObject({ ok: false, error: "CHARGE_FAILED" });
    expect(s.log).toEqual(["reserve", "charge", "release r1"]);
  });

  it("recognises a failing core step inside a saga step as that step's error", async () => {
    const s = services("charge");
    const workflow = createWorkflow({ reserve: s.reserve, charge: s.charge });
    const result = await workflow(async (step, deps) => {
      const outcome = await runSaga(async (saga) => {
        await saga.step(async () => ok(await step(() => deps.reserve(), { key: "reserve" })), {
          compensate: s.release,
        });
        return saga.step(async () => ok(await step(() => deps.charge(), { key: "charge" })));
      });
      return outcome;
    });
    expect(result).toEqual({ ok: true, value: { ok: false, error: "CHARGE_FAILED" } });
    expect(s.log).toEqual(["reserve", "charge", "release r1"]);
  });

  it("validates its input", async () => {
    expect(() => createSagaWorkflow({ x: 1 } as never)).toThrow(/dependency "x"/);
    await expect(createSagaWorkflow({})(1 as never)).rejects.toThrow(TypeError);
  });
});
