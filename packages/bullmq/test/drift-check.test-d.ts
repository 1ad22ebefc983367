import { checkDrift, type AsyncResult, type DriftRun, type RunStep } from "@awaitly/core";
import { driftRunContext, type WorkflowQueue, type WorkflowRun } from "@awaitly/bullmq";
import { describe, expectTypeOf, it } from "vitest";

declare const queue: WorkflowQueue<{ n: number }, string, never>;
declare const body: (
  step: RunStep<"DECLINED">,
  deps: { charge: (n: number) => AsyncResult<string, "DECLINED"> },
  input: { n: number },
  run: WorkflowRun,
) => Promise<string>;

describe("drift check types", () => {
  it("types a queue's runs by its input, and the worker's run as the body's fourth argument", () => {
    expectTypeOf(queue.driftRuns()).toEqualTypeOf<AsyncIterable<DriftRun<{ n: number }>>>();
    expectTypeOf(queue.driftRuns<unknown>({ versions: ["2"] })).toEqualTypeOf<
      AsyncIterable<DriftRun<unknown>>
    >();
    void checkDrift({ body, runs: queue.driftRuns(), context: driftRunContext });
    // @ts-expect-error a worker's body needs the worker's run: without `context` it gets { workflowId }
    void checkDrift({ body, runs: queue.driftRuns() });
    // @ts-expect-error versions are strings
    void queue.driftRuns({ versions: [2] });
  });
});
