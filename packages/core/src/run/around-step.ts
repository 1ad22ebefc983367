import type { RunContext } from "./internal/run-context";

/** Which step an `aroundStep` call wraps: the ids its `step_start` event carried. */
export type StepRef = {
  readonly workflowId: string;
  readonly stepId: string;
};

/**
 * Runs each attempt of a step's operation: call `operation()` and return what it returns, inside
 * whatever context the step needs — how a tracer makes the step's span the active context while
 * the step's own I/O runs. Called after the step's `step_start` event, once per attempt.
 */
export type AroundStep = <T>(step: StepRef, operation: () => T) => T;

/**
 * @internal The step's operation as the engine calls it: itself without an `aroundStep`, else a
 * function running each call through it (arguments, e.g. the attempt's signal, passed on).
 */
export function withinStep(rc: RunContext, stepId: string, operation: unknown): unknown {
  const around = rc.aroundStep;
  if (around === undefined || typeof operation !== "function") return operation;
  const ref: StepRef = { workflowId: rc.workflowId, stepId };
  return (...args: unknown[]) =>
    around(ref, () => (operation as (...a: unknown[]) => unknown)(...args));
}
