import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { err, ok } from "@awaitly/core";
import { runSaga, type SagaEvent } from "@awaitly/saga";

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("runSaga with concurrent steps", () => {
  it("compensates concurrent steps in reverse completion order", async () => {
    const undone: string[] = [];
    const pending = runSaga(async (saga) => {
      await Promise.all([
        saga.step(async () => ok(await after(20, "slow")), {
          compensate: (v) => void undone.push(v),
        }),
        saga.step(async () => ok(await after(10, "fast")), {
          compensate: (v) => void undone.push(v),
        }),
      ]);
      await saga.step(async () => err("LATER"));
    });
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ ok: false, error: "LATER" });
    expect(undone).toEqual(["slow", "fast"]);
  });

  it("undoes a sibling that succeeds after the rollback finished (1.0.0 never did)", async () => {
    const log: string[] = [];
    const events: SagaEvent[] = [];
    let settled = false;
    const pending = runSaga(
      async (saga) => {
        await Promise.all([
          saga.step(async () => ok(await after(500, "slow")), {
            name: "slow",
            compensate: () => void log.push("undo slow"),
          }),
          saga.step(async () => err("FAST_FAILED"), { name: "fast" }),
        ]);
      },
      { onEvent: (e) => void events.push(e) },
    );
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false); // the rollback waits for the step still running
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({ ok: false, error: "FAST_FAILED" });
    expect(log).toEqual(["undo slow"]);
    expect(events.map((e) => e.type).slice(-2)).toEqual([
      "saga_compensation_step",
      "saga_compensation_end",
    ]);
  });

  it("reports a late sibling's failed compensation in the SagaCompensationError", async () => {
    const boom = new Error("cannot undo");
    const pending = runSaga(async (saga) => {
      await Promise.all([
        saga.step(async () => ok(await after(50, "slow")), {
          name: "slow",
          compensate: () => Promise.reject(boom),
        }),
        saga.step(async () => err("FAST_FAILED")),
      ]);
    });
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({
      ok: false,
      error: {
        type: "SAGA_COMPENSATION_ERROR",
        originalError: "FAST_FAILED",
        compensationErrors: [{ stepName: "slow", error: boom }],
      },
    });
  });
});
