import {
  createEarlyExit,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type Result,
  type RunStep,
  type StepCache,
  type StepOptions,
} from "@awaitly/core";
import { isSagaCompensationError } from "./saga-error";
import { runSaga } from "./saga";
import type { SagaContext, SagaStepOptions } from "./types";

// Keys of the checkpointedStep calls made while a saga step's operation is being started. The
// operation is called synchronously and checkpointedStep reads this before its first await, so
// concurrent saga steps never see each other's keys.
let collecting: string[] | undefined;

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
  if (collecting !== undefined && options.key !== undefined) collecting.push(options.key);
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
  options?: Parameters<typeof runSaga<T, E>>[1] & {
    /**
     * The workflow's step cache. When a saga step is compensated, the checkpoints of the
     * `checkpointedStep`s its operation ran are deleted from it, so a resumed run runs them again
     * instead of replaying work that was undone. Defaults to none.
     */
    cache?: StepCache | undefined;
  },
): Promise<T> {
  void step;
  const cache = options?.cache;
  const result = await runSaga<T, E>(
    (saga) => body(cache === undefined ? saga : invalidatingOnCompensation(saga, cache)),
    options,
  );
  if (result.ok) return result.value;
  const error = result.error;
  if (isSagaCompensationError(error) || isUnexpectedError(error)) throw error;
  throw createEarlyExit(error, { origin: "result" });
}

/** Wraps `saga.step` so a successful compensation also deletes the step's checkpoints. */
function invalidatingOnCompensation<E>(saga: SagaContext<E>, cache: StepCache): SagaContext<E> {
  return {
    ...saga,
    step: <T, StepE extends E, StepC = unknown>(
      operation: () => Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>,
      stepOptions?: SagaStepOptions<T>,
    ) => {
      const keys: string[] = [];
      const compensate = stepOptions?.compensate;
      const started = () => {
        const outer = collecting;
        collecting = keys;
        try {
          return operation();
        } finally {
          collecting = outer;
        }
      };
      return saga.step(started, {
        ...stepOptions,
        compensate:
          compensate &&
          (async (value: T) => {
            await compensate(value);
            for (const key of keys) cache.delete(key);
          }),
      });
    },
  };
}
