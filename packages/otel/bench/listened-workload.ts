/**
 * The workload `bench/instructions.mjs` counts: `<runs>` calls of a 10-step listened workflow, in
 * one of three set-ups — a plain listener (no OpenTelemetry anywhere), the otel handler switched
 * off (`enabled: false`, its `handleEvent` and `aroundStep` passed), or the handler on with no SDK
 * registered (the global no-op API). `node listened-workload.mjs <setup> <runs>`.
 */
import {
  createWorkflow,
  ok,
  type AroundStep,
  type AsyncResult,
  type WorkflowEvent,
} from "@awaitly/core";
import { createOtelEventHandler } from "@awaitly/otel";

const STEPS = 10;
const dep = async (i: number): AsyncResult<number, "E"> => ok(i);
const [setup = "listener", runsArg = "0"] = process.argv.slice(2);
const runs = Number(runsArg);

type Listened = {
  onEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  aroundStep?: AroundStep;
};
const options = (): Listened => {
  if (setup === "listener") return { onEvent: () => {} };
  const otel = createOtelEventHandler({ enabled: setup === "otel-no-sdk" });
  if (setup === "otel-off" || setup === "otel-no-sdk") {
    return { onEvent: otel.handleEvent, aroundStep: otel.aroundStep };
  }
  throw new RangeError(`listened-workload: unknown setup "${setup}"`);
};
const workflow = createWorkflow({ dep }, options());

for (let r = 0; r < runs; r++) {
  await workflow(async (step, deps) => {
    let sum = 0;
    for (let i = 0; i < STEPS; i++) sum += await step(() => deps.dep(i), `step-${i}`);
    return sum;
  });
}
