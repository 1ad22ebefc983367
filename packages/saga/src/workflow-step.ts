import {
  createEarlyExit,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type RunStep,
  type StepOptions,
} from "@awaitly/core";
import { isSagaCompensationError } from "./saga-error";
import { runSaga } from "./saga";
import type { SagaContext } from "./types";

/**
 * Runs `operation` as a keyed workflow step and hands its value to `saga.step` as a Result, so the
 * saga step is checkpointed: a resumed run replays it instead of repeating it. A failure is not
 * returned but thrown by the workflow step, which ends the saga with that step's error and rolls
 * back the completed steps.
 */
export async function checkpointedStep<T, E>(
  step: RunStep<E>,
  operation: () => AsyncResult<T, NoInfer<E>>,
  options: StepOptions,
): AsyncResult<T, never> {
  return ok(await step(operation, options));
}

/**
 * Runs a saga as part of a workflow body, with the workflow's error union as the saga's. A business
 * error ends the workflow with that same typed error (the failing step already reported itself, so
 * it is not reported twice); a failed rollback or an unexpected error is thrown, so the workflow
 * reports it as an `UnexpectedError`.
 */
export async function runSagaStep<T, E>(
  step: RunStep<E>,
  body: (saga: SagaContext<E>) => Promise<T>,
  options?: Parameters<typeof runSaga<T, E>>[1],
): Promise<T> {
  void step;
  const result = await runSaga<T, E>(body, options);
  if (result.ok) return result.value;
  const error = result.error;
  if (isSagaCompensationError(error) || isUnexpectedError(error)) throw error;
  throw createEarlyExit(error, { origin: "result" });
}
