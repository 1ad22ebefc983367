import {
  createEarlyExit,
  isUnexpectedError,
  ok,
  type AsyncResult,
  type RunStep,
  type StepCache,
  type StepCompensation,
  type StepOptions,
} from "@awaitly/core";
import { withStepKeys } from "./internal/compensation-keys";
import { isSagaCompensationError } from "./saga-error";
import { runSaga } from "./saga";
import type { CompensationAction, SagaContext } from "./types";

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
 * reports it as an `UnexpectedError`. Once a saga step's compensation succeeds, the
 * `checkpointedStep`s its operation ran are forgotten through `step.invalidate`: the workflow's
 * cache, step collectors and checkpointers drop them, so a resumed run runs them again.
 */
export async function runSagaStep<T, E>(
  step: RunStep<E>,
  body: (saga: SagaContext<E>) => Promise<T>,
  options?: Parameters<typeof runSaga<T, E>>[1] & {
    /**
     * A further cache to delete compensated steps from. Not needed for the workflow's own `cache`,
     * which `step.invalidate` already clears. Defaults to none.
     */
    cache?: StepCache | undefined;
  },
): Promise<T> {
  const cache = options?.cache;
  let invalidationError: { error: unknown } | undefined;
  const forget = async (keys: readonly string[]): Promise<void> => {
    for (const key of keys) {
      cache?.delete(key);
      try {
        await step.invalidate(key);
      } catch (error) {
        // The undo itself succeeded, so the rollback goes on; the run fails with this once it ends.
        invalidationError ??= { error };
      }
    }
  };
  // A compensation is reported to the workflow (a run store shows it) once it settled and, when
  // it succeeded, once its steps were forgotten; a failed report fails the run like a failed
  // invalidation, after the rollback.
  const report = async (compensation: StepCompensation): Promise<void> => {
    try {
      await step.recordCompensation(compensation);
    } catch (error) {
      invalidationError ??= { error };
    }
  };
  const result = await runSaga<T, E>(
    (saga) => body(invalidatingOnCompensation(saga, forget, report)),
    options,
  );
  if (!result.ok && isSagaCompensationError(result.error)) throw result.error;
  if (invalidationError !== undefined) throw invalidationError.error;
  if (result.ok) return result.value;
  const error = result.error;
  if (isUnexpectedError(error)) throw error;
  throw createEarlyExit(error, { origin: "result" });
}

/** Runs `operation` with `keys` collecting the keys of the `checkpointedStep`s it starts. */
function collectingKeys<R>(keys: string[], operation: () => R): R {
  const outer = collecting;
  collecting = keys;
  try {
    return operation();
  } finally {
    collecting = outer;
  }
}

type Report = (compensation: StepCompensation) => Promise<void>;

/**
 * Wraps a compensation so that, once it succeeds, the step's checkpoints are forgotten; either way
 * it is reported to the workflow with its timing and outcome.
 */
function thenForget<T>(
  compensate: CompensationAction<T> | undefined,
  name: string | undefined,
  keys: readonly string[],
  forget: (keys: readonly string[]) => Promise<void>,
  report: Report,
): CompensationAction<T> | undefined {
  return (
    compensate &&
    withStepKeys(keys, async (value: T) => {
      const startedAt = Date.now();
      const ran = { name, stepKeys: keys, startedAt };
      try {
        await compensate(value);
      } catch (error) {
        // A compensation that fails keeps the checkpoints: the work is still done, so replaying
        // it on resume is right, and running it again would do it twice.
        await report({ ...ran, durationMs: Date.now() - startedAt, ok: false, error });
        throw error;
      }
      const durationMs = Date.now() - startedAt;
      await forget(keys);
      await report({ ...ran, durationMs, ok: true });
    })
  );
}

/** Wraps `saga.step` and `saga.tryStep` so a successful compensation also forgets the step's checkpoints. */
function invalidatingOnCompensation<E>(
  saga: SagaContext<E>,
  forget: (keys: readonly string[]) => Promise<void>,
  report: Report,
): SagaContext<E> {
  return {
    ...saga,
    step: (operation, stepOptions) => {
      const keys: string[] = [];
      return saga.step(() => collectingKeys(keys, operation), {
        ...stepOptions,
        compensate: thenForget(stepOptions?.compensate, stepOptions?.name, keys, forget, report),
      });
    },
    tryStep: (operation, stepOptions) => {
      const keys: string[] = [];
      return saga.tryStep(() => collectingKeys(keys, operation), {
        ...stepOptions,
        compensate: thenForget(stepOptions.compensate, stepOptions.name, keys, forget, report),
      });
    },
  };
}
