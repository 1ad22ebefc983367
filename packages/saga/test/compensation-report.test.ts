import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type StepCompensation } from "@awaitly/core";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";

const reserve = async (): AsyncResult<string, never> => ok("r1");
const charge = async (): AsyncResult<string, never> => ok("c1");
const ship = async (): AsyncResult<string, "OUT_OF_STOCK"> => err("OUT_OF_STOCK");

describe("runSagaStep compensation reports", () => {
  it("reports each compensation to the workflow's onStepCompensation, newest step first, after it settled", async () => {
    const log: string[] = [];
    const reports: StepCompensation[] = [];
    const workflow = createWorkflow(
      { reserve, charge, ship },
      {
        onStepInvalidated: (key) => void log.push(`forget ${key}`),
        onStepCompensation: (compensation) => {
          log.push(`report ${compensation.name ?? ""}`);
          reports.push(compensation);
        },
      },
    );
    const release = new Error("release refused");
    const result = await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
          name: "reserve",
          compensate: () => {
            log.push("undo reserve");
            throw release;
          },
        });
        await saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "charge" }), {
          name: "charge",
          compensate: () => void log.push("undo charge"),
        });
        return saga.step(() => checkpointedStep(step, () => deps.ship(), { key: "ship" }));
      }),
    );
    expect(result.ok).toBe(false);
    // A successful undo is forgotten first, then reported; a failed one is reported and kept.
    expect(log).toEqual([
      "undo charge",
      "forget charge",
      "report charge",
      "undo reserve",
      "report reserve",
    ]);
    expect(
      reports.map(({ name, stepKeys, ok: done, error }) => [name, stepKeys, done, error]),
    ).toEqual([
      ["charge", ["charge"], true, undefined],
      ["reserve", ["reserve"], false, release],
    ]);
    expect("error" in reports[0]!).toBe(false);
    for (const report of reports) {
      expect(report.startedAt).toBeTypeOf("number");
      expect(report.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("fails the run with the hook's error once the rollback ended, when a report cannot be kept", async () => {
    const undone: string[] = [];
    const storeAway = new Error("store away");
    const workflow = createWorkflow(
      { reserve, ship },
      { onStepCompensation: () => Promise.reject(storeAway) },
    );
    const result = await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
          name: "reserve",
          compensate: (id) => void undone.push(id),
        });
        return saga.step(() => checkpointedStep(step, () => deps.ship(), { key: "ship" }));
      }),
    );
    expect(undone).toEqual(["r1"]);
    expect(result).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { thrown: storeAway } },
    });
  });
});
