import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  checkpointedStep,
  createSagaWorkflow,
  runSaga,
  runSagaStep,
  type CompensationRef,
} from "@awaitly/saga";

const fail = async (): AsyncResult<never, "BOOM"> => err("BOOM");

describe("aroundCompensation", () => {
  it("wraps each compensation, newest first, with its step's name and the saga's id", async () => {
    const seen: string[] = [];
    const refs: CompensationRef[] = [];
    const result = await runSaga<number, "BOOM">(
      async (saga) => {
        await saga.step(async () => ok(1), {
          name: "a",
          compensate: () => void seen.push("undo a"),
        });
        await saga.step(async () => ok(2), { compensate: () => void seen.push("undo unnamed") });
        return saga.step(fail, { name: "c" });
      },
      {
        aroundCompensation: async (ref, compensate) => {
          refs.push(ref);
          seen.push(`before ${String(ref.stepName)}`);
          await compensate();
          seen.push(`after ${String(ref.stepName)}`);
        },
      },
    );
    expect(result).toEqual(err("BOOM"));
    expect(seen).toEqual([
      "before undefined",
      "undo unnamed",
      "after undefined",
      "before a",
      "undo a",
      "after a",
    ]);
    expect(refs.map((r) => r.stepKeys)).toEqual([[], []]);
    expect(new Set(refs.map((r) => r.sagaId)).size).toBe(1);
  });

  it("passes a compensation's failure through to the saga's SagaCompensationError", async () => {
    const boom = new Error("refund refused");
    const saga = createSagaWorkflow(
      { fail },
      { aroundCompensation: (_ref, compensate) => compensate() },
    );
    const result = await saga(async (s, deps) => {
      await s.step(async () => ok(1), {
        name: "pay",
        compensate: () => {
          throw boom;
        },
      });
      return s.step(() => deps.fail(), { name: "ship" });
    });
    expect(result).toEqual(
      err({
        type: "SAGA_COMPENSATION_ERROR",
        originalError: "BOOM",
        compensationErrors: [{ stepName: "pay", error: boom }],
      }),
    );
  });

  it("names the checkpointed step keys a runSagaStep compensation undoes", async () => {
    const refs: CompensationRef[] = [];
    const wf = createWorkflow({ fail });
    await wf(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          await saga.step(() => checkpointedStep(step, async () => ok(1), { key: "reserve:1" }), {
            name: "reserve",
            compensate: () => {},
          });
          return saga.step(() => checkpointedStep(step, () => deps.fail(), { key: "charge" }));
        },
        {
          aroundCompensation: async (ref, compensate) => {
            refs.push(ref);
            await compensate();
          },
        },
      ),
    );
    expect(refs.map((r) => [r.stepName, r.stepKeys])).toEqual([["reserve", ["reserve:1"]]]);
  });

  it("refuses an aroundCompensation that is not a function, naming the option", () => {
    expect(() => createSagaWorkflow({}, { aroundCompensation: "trace" as never })).toThrow(
      new TypeError(
        'createSagaWorkflow: options.aroundCompensation must be a function, got "trace"',
      ),
    );
  });
});
