import type { RunStep } from "@awaitly/core";
import { StepDeadlineError } from "../errors";
import type { ActiveRun } from "./active-runs";

type Operation = (...args: unknown[]) => unknown;
type StepCall = (operation: unknown, options?: unknown) => Promise<unknown>;

const keyOf = (options: unknown): string | undefined =>
  typeof options === "object" && options !== null
    ? (options as { key?: string | undefined }).key
    : undefined;

/**
 * @internal The `step` a workflow sees under a worker's `stepTimeoutMs`: every operation it starts
 * (`step`, `step.try`, `step.fromResult`, `step.retry`, `step.withTimeout`, and the steps inside
 * scopes) that has not settled `timeoutMs` after it started ends the run with a
 * `StepDeadlineError`: the run's signal is aborted and the worker stops waiting for it.
 */
export function withStepDeadline(
  step: RunStep<unknown>,
  run: ActiveRun,
  timeoutMs: number,
): RunStep<unknown> {
  const bounded = (value: unknown, stepKey: string | undefined): unknown => {
    if (typeof (value as { then?: unknown } | null)?.then !== "function") return value;
    const timer = setTimeout(
      () => run.expire(new StepDeadlineError(run.runId, stepKey, timeoutMs)),
      timeoutMs,
    );
    const clear = (): void => clearTimeout(timer);
    (value as Promise<unknown>).then(clear, clear);
    return value;
  };
  const guard = (operation: unknown, options: unknown): unknown => {
    const stepKey = keyOf(options);
    return typeof operation === "function"
      ? (...args: unknown[]) => bounded((operation as Operation)(...args), stepKey)
      : bounded(operation, stepKey);
  };
  const call = step as unknown as StepCall;
  const wrap =
    (form: StepCall): StepCall =>
    (operation, options) =>
      form(guard(operation, options), options);
  const bound = wrap((operation, options) =>
    call(operation, options),
  ) as unknown as RunStep<unknown>;
  bound.try = wrap(step.try as unknown as StepCall) as unknown as RunStep<unknown>["try"];
  bound.fromResult = wrap(
    step.fromResult as unknown as StepCall,
  ) as unknown as RunStep<unknown>["fromResult"];
  bound.retry = wrap(step.retry as unknown as StepCall) as unknown as RunStep<unknown>["retry"];
  bound.withTimeout = wrap(
    step.withTimeout as unknown as StepCall,
  ) as unknown as RunStep<unknown>["withTimeout"];
  bound.parallel = step.parallel;
  bound.race = step.race;
  bound.allSettled = step.allSettled;
  bound.invalidate = step.invalidate;
  bound.recordCompensation = step.recordCompensation;
  bound.patched = step.patched;
  return bound;
}
