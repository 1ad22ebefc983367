import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { err, ok, type AsyncResult } from "@awaitly/core";
import { isSagaCompensationError, runSaga } from "@awaitly/saga";

type Failure = "RESERVE_FAILED" | "CHARGE_FAILED" | "NOTIFY_FAILED";

/** Three services whose calls and undos are logged; `failAt` makes one of them fail. */
function services(failAt?: "reserve" | "charge" | "notify") {
  const log: string[] = [];
  const call =
    <T>(name: "reserve" | "charge" | "notify", value: T) =>
    async (): AsyncResult<T, Failure> => {
      log.push(name);
      return failAt === name ? err(`${name.toUpperCase()}_FAILED` as Failure) : ok(value);
    };
  return {
    log,
    reserve: call("reserve", { reservationId: "r1" }),
    charge: call("charge", { chargeId: "c1" }),
    notify: call("notify", { messageId: "m1" }),
    release: (r: { reservationId: string }) => void log.push(`release ${r.reservationId}`),
    // An async compensation that takes real (fake-timer) time: the rollback must wait for it.
    refund: async (c: { chargeId: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log.push(`refund ${c.chargeId}`);
    },
  };
}

const threeSteps = (s: ReturnType<typeof services>) =>
  runSaga<string, Failure>(async (saga) => {
    const r = await saga.step(s.reserve, { name: "reserve", compensate: s.release });
    const c = await saga.step(s.charge, { name: "charge", compensate: s.refund });
    await saga.step(s.notify, { name: "notify" });
    return `${r.reservationId}/${c.chargeId}`;
  });

/** Lets every timer fire, then returns the settled saga. */
async function settle<T>(pending: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return pending;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("runSaga", () => {
  it("succeeds without compensating when every step succeeds", async () => {
    const s = services();
    expect(await settle(threeSteps(s))).toEqual({ ok: true, value: "r1/c1" });
    expect(s.log).toEqual(["reserve", "charge", "notify"]);
  });

  it.each([
    ["reserve", ["reserve"]],
    ["charge", ["reserve", "charge", "release r1"]],
    ["notify", ["reserve", "charge", "notify", "refund c1", "release r1"]],
  ] as const)("undoes completed steps in reverse when %s fails", async (failAt, expected) => {
    const s = services(failAt);
    const result = await settle(threeSteps(s));
    expect(result).toEqual({ ok: false, error: `${failAt.toUpperCase()}_FAILED` });
    expect(result).not.toHaveProperty("cause");
    expect(s.log).toEqual(expected);
  });

  it("waits for an async compensation before running the next one", async () => {
    const s = services("notify");
    const pending = threeSteps(s);
    await vi.advanceTimersByTimeAsync(99);
    expect(s.log).toEqual(["reserve", "charge", "notify"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.log).toEqual(["reserve", "charge", "notify", "refund c1", "release r1"]);
    expect(await pending).toEqual({ ok: false, error: "NOTIFY_FAILED" });
  });

  it("skips steps without a compensation (the worked example)", async () => {
    const undone: string[] = [];
    const result = await runSaga<never, string>(async (saga) => {
      await saga.step(async () => ok("a"), { name: "A", compensate: (v) => void undone.push(v) });
      await saga.step(async () => ok("b"), { name: "B" });
      await saga.step(async () => ok("c"), { name: "C", compensate: (v) => void undone.push(v) });
      return saga.step(async () => err("D_FAILED"), { name: "D" });
    });
    expect(result).toEqual({ ok: false, error: "D_FAILED" });
    expect(undone).toEqual(["c", "a"]);
  });

  it("never calls the failing step's own compensation", async () => {
    const undo = vi.fn();
    await runSaga(async (saga) => saga.step(async () => err("E"), { compensate: undo }));
    expect(undo).not.toHaveBeenCalled();
  });

  it("runs every compensation even when some throw or reject, and reports all of them in order", async () => {
    const log: string[] = [];
    const boom1 = new Error("refund failed");
    const boom2 = new Error("release failed");
    const result = await settle(
      runSaga<never, string>(async (saga) => {
        await saga.step(async () => ok(1), {
          name: "a",
          compensate: async () => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            log.push("undo a");
            throw boom2;
          },
        });
        await saga.step(async () => ok(2), { compensate: () => void log.push("undo b") });
        await saga.step(async () => ok(3), {
          name: "c",
          compensate: () => {
            log.push("undo c");
            throw boom1;
          },
        });
        return saga.step(async () => err("D_FAILED"), { name: "d" });
      }),
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
  });

  it("keeps stepName as an own key when a failed compensation's step had no name", async () => {
    const x = new Error("x");
    const result = await runSaga(async (saga) => {
      await saga.step(async () => ok(1), {
        compensate: () => {
          throw x;
        },
      });
      await saga.step(async () => err("E"));
    });
    expect(!result.ok && isSagaCompensationError(result.error)).toBe(true);
    const failure = !result.ok && isSagaCompensationError(result.error) ? result.error : undefined;
    expect(Object.keys(failure?.compensationErrors[0] ?? {})).toEqual(["stepName", "error"]);
  });

  it("rejects with the compensation error when throwOnCompensationFailure is set", async () => {
    const onError = vi.fn();
    const pending = runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), {
          compensate: () => {
            throw new Error("x");
          },
        });
        await saga.step(async () => err("E"));
      },
      { throwOnCompensationFailure: true, onError },
    );
    await expect(pending).rejects.toMatchObject({
      type: "SAGA_COMPENSATION_ERROR",
      originalError: "E",
    });
    expect(onError).toHaveBeenCalledTimes(1);
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

  it("reports a compensation's raw thrown original error when the body threw", async () => {
    const boom = new Error("bug");
    const result = await runSaga(async (saga) => {
      await saga.step(async () => ok(1), {
        compensate: () => Promise.reject(new Error("undo")),
      });
      throw boom;
    });
    expect(result).toMatchObject({ ok: false, error: { originalError: boom } });
  });

  it("maps tryStep throws with error or onError and records its compensation", async () => {
    const undo = vi.fn();
    const onError = vi.fn();
    const result = await runSaga<never, "PARSE" | "LATER">(
      async (saga) => {
        await saga.tryStep(() => 42, { error: "PARSE", name: "ok-step", compensate: undo });
        await saga.tryStep(
          () => {
            throw new Error("x");
          },
          { onError: () => "LATER" as const, name: "bad" },
        );
        throw new Error("unreachable");
      },
      { onError },
    );
    expect(result).toEqual({ ok: false, error: "LATER" });
    expect(undo).toHaveBeenCalledWith(42);
    expect(onError).toHaveBeenCalledWith("LATER", "bad");
  });

  it("passes the failing step's name to onError (1.0.0 never did)", async () => {
    const onError = vi.fn();
    await runSaga(async (saga) => saga.step(async () => err("NOPE"), { name: "charge" }), {
      onError,
    });
    expect(onError).toHaveBeenCalledWith("NOPE", "charge");
  });

  it("reports a non-function step operation as a TypeError naming it", async () => {
    const result = await runSaga(async (saga) => saga.step(ok(1) as never));
    expect(result).toMatchObject({
      ok: false,
      error: { cause: { thrown: expect.any(TypeError) } },
    });
    expect(
      JSON.stringify(result, (_k, v: unknown) => (v instanceof Error ? v.message : v)),
    ).toMatch(/saga\.step: operation must be a function returning a Result, got object/);
  });

  it("succeeds when the body catches a step's failure itself", async () => {
    const undo = vi.fn();
    const result = await runSaga(async (saga) => {
      await saga.step(async () => ok(1), { compensate: undo });
      try {
        await saga.step(async () => err("E"));
      } catch {
        return "recovered";
      }
      return "unreachable";
    });
    expect(result).toEqual({ ok: true, value: "recovered" });
    expect(undo).not.toHaveBeenCalled();
  });

  it("lists recorded compensations in registration order", async () => {
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

  it("uses a fresh compensation list per run", async () => {
    const counts: number[] = [];
    const body = async (saga: Parameters<Parameters<typeof runSaga>[0]>[0]) => {
      await saga.step(async () => ok(1), { compensate: () => {} });
      counts.push(saga.getCompensations().length);
    };
    await runSaga(body);
    await runSaga(body);
    expect(counts).toEqual([1, 1]);
  });
});
