import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

type Input = { undoFails: boolean };
type OutOfStock = { type: "OUT_OF_STOCK" };

class ReleaseError extends Error {
  override readonly name = "ReleaseError";
}

// A three-step saga: reserve and charge succeed, ship fails, so charge and then reserve are undone.
function setup(name: string) {
  const queue = ctx.track(
    createWorkflowQueue<Input, string, OutOfStock>(name, {
      connection: ctx.redis,
      prefix: ctx.prefix,
      attempts: 1,
    }),
  );
  const undone: string[] = [];
  const reserve = async (): AsyncResult<string, never> => ok("reservation-1");
  const charge = async (): AsyncResult<string, never> => ok("charge-1");
  const ship = async (): AsyncResult<string, OutOfStock> => err({ type: "OUT_OF_STOCK" });
  ctx.worker(name, {
    deps: { reserve, charge, ship },
    workflow: async (step, deps, input: Input) =>
      runSagaStep(step, async (saga) => {
        const reservation = await saga.step(
          () => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }),
          {
            name: "reserve",
            compensate: (id) => {
              if (input.undoFails) throw new ReleaseError(`could not release ${id}`);
              undone.push(id);
            },
          },
        );
        const chargeId = await saga.step(
          () => checkpointedStep(step, () => deps.charge(), { key: "charge" }),
          { name: "charge", compensate: (id) => void undone.push(id) },
        );
        await saga.step(() => checkpointedStep(step, () => deps.ship(), { key: "ship" }), {
          name: "ship",
        });
        return `${reservation}/${chargeId}`;
      }),
  });
  return { queue, undone };
}

const finished = async (queue: ReturnType<typeof setup>["queue"], runId: string) => {
  await waitFor(async () => (await queue.run(runId))?.status === "failed");
  const run = await queue.run(runId);
  if (run === undefined) throw new Error(`run ${runId} is gone`);
  return run;
};

describe("queue.run compensations", () => {
  it("lists each compensation of a saga that failed at step 3, newest step first, and marks the undone steps", async () => {
    const { queue, undone } = setup("undo");
    await queue.enqueue({ undoFails: false }, { runId: "order-1" });
    const run = await finished(queue, "order-1");

    expect(undone).toEqual(["charge-1", "reservation-1"]);
    expect(run.outcome).toStrictEqual(err({ type: "OUT_OF_STOCK" }));
    expect(run.steps.map((s) => [s.key, s.status, s.errorType])).toEqual([
      ["reserve", "compensated", undefined],
      ["charge", "compensated", undefined],
      ["ship", "failed", "OUT_OF_STOCK"],
    ]);
    expect(run.compensations).toEqual([
      {
        name: "charge",
        stepKeys: ["charge"],
        status: "completed",
        startedAt: expect.any(Number) as number,
        durationMs: expect.any(Number) as number,
        errorType: undefined,
        errorMessage: undefined,
      },
      {
        name: "reserve",
        stepKeys: ["reserve"],
        status: "completed",
        startedAt: expect.any(Number) as number,
        durationMs: expect.any(Number) as number,
        errorType: undefined,
        errorMessage: undefined,
      },
    ]);
    const [charge, reserve] = run.compensations;
    const ship = run.steps[2];
    // The undo starts after the failed step ended, newest step first.
    expect(charge!.startedAt).toBeGreaterThanOrEqual(ship!.startedAt! + ship!.durationMs!);
    expect(reserve!.startedAt).toBeGreaterThanOrEqual(charge!.startedAt + charge!.durationMs);
    // Undone steps are forgotten by the checkpointer: a resumed run would run them again.
    expect(run.steps.some((s) => s.status === "cached")).toBe(false);
  });

  it("lists a compensation that threw as failed, with its error, and leaves its step completed", async () => {
    const { queue, undone } = setup("undo-fails");
    await queue.enqueue({ undoFails: true }, { runId: "order-2" });
    const run = await finished(queue, "order-2");

    expect(undone).toEqual(["charge-1"]);
    expect(run.errorType).toBe("UNEXPECTED_ERROR");
    expect(run.steps.map((s) => [s.key, s.status])).toEqual([
      ["reserve", "completed"],
      ["charge", "compensated"],
      ["ship", "failed"],
    ]);
    expect(run.compensations.map((c) => [c.name, c.stepKeys, c.status, c.errorType])).toEqual([
      ["charge", ["charge"], "completed", undefined],
      ["reserve", ["reserve"], "failed", "ReleaseError"],
    ]);
    expect(run.compensations[1]?.errorMessage).toBe("could not release reservation-1");
  });

  it("shows no compensations for a run without a saga", async () => {
    const queue = ctx.queue<{ n: number }, number, never>("plain");
    const double = async (n: number): AsyncResult<number, never> => ok(n * 2);
    ctx.worker("plain", {
      deps: { double },
      workflow: async (step, deps, input: { n: number }) =>
        step(() => deps.double(input.n), { key: "double" }),
    });
    await queue.enqueue({ n: 2 }, { runId: "plain-1" });
    expect(await queue.result("plain-1", { timeoutMs: 30_000 })).toStrictEqual(ok(4));
    const run = await queue.run("plain-1");
    expect(run?.compensations).toEqual([]);
    expect(run?.steps.map((s) => [s.key, s.status])).toEqual([["double", "completed"]]);
  });
});
