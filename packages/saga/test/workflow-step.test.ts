import { describe, expect, it } from "vitest";
import { createWorkflow, err, isUnexpectedError, ok, type AsyncResult } from "@awaitly/core";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";

function services(failAt?: "charge") {
  const log: string[] = [];
  return {
    log,
    reserve: async (): AsyncResult<{ reservationId: string }, "OUT_OF_STOCK"> => {
      log.push("reserve");
      return ok({ reservationId: "r1" });
    },
    charge: async (): AsyncResult<{ chargeId: string }, "DECLINED"> => {
      log.push("charge");
      return failAt === "charge" ? err("DECLINED") : ok({ chargeId: "c1" });
    },
  };
}

describe("runSagaStep + checkpointedStep", () => {
  it("returns the saga's value and checkpoints each saga step under its key", async () => {
    const s = services();
    const keys: string[] = [];
    const workflow = createWorkflow(
      { reserve: s.reserve, charge: s.charge },
      { onAfterStep: (key) => void keys.push(key) },
    );
    const result = await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        const r = await saga.step(() =>
          checkpointedStep(step, () => deps.reserve(), { key: "reserve" }),
        );
        const c = await saga.step(() =>
          checkpointedStep(step, () => deps.charge(), { key: "charge" }),
        );
        return `${r.reservationId}/${c.chargeId}`;
      }),
    );
    expect(result).toEqual({ ok: true, value: "r1/c1" });
    expect(keys).toEqual(["reserve", "charge"]);
  });

  it("ends the workflow with the failing step's own error after the rollback", async () => {
    const s = services("charge");
    const released: string[] = [];
    const errors: unknown[] = [];
    const workflow = createWorkflow(
      { reserve: s.reserve, charge: s.charge },
      { onEvent: (e) => void (e.type === "step_error" && errors.push(e.error)) },
    );
    const result = await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
          compensate: (r) => void released.push(r.reservationId),
        });
        return saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "charge" }));
      }),
    );
    expect(result).toEqual({ ok: false, error: "DECLINED" });
    expect(released).toEqual(["r1"]);
    // The failing step reports itself once; the saga's exit does not report it again.
    expect(errors).toEqual(["DECLINED"]);
  });

  it("surfaces a failed rollback as an UnexpectedError carrying the compensation error", async () => {
    const s = services("charge");
    const workflow = createWorkflow({ reserve: s.reserve, charge: s.charge });
    const result = await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
          compensate: () => {
            throw new Error("release failed");
          },
        });
        return saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "charge" }));
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(isUnexpectedError(result.error)).toBe(true);
    expect(result.error).toMatchObject({
      type: "UNEXPECTED_ERROR",
      cause: { thrown: { type: "SAGA_COMPENSATION_ERROR", originalError: "DECLINED" } },
    });
  });
});
