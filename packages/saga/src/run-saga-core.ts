import { createEarlyExit, err, isEarlyExit, ok, type UnexpectedError } from "@awaitly/core";
import type {
  CompensationAction,
  SagaCompensationError,
  SagaContext,
  SagaEvent,
  SagaResult,
  SagaWorkflowOptions,
} from "./types";

type Recorded = {
  name: string | undefined;
  value: unknown;
  compensate: CompensationAction<unknown>;
};
// Carries the failing step's name alongside core's early exit, without changing its shape.
const STEP_NAME = new WeakMap<object, string | undefined>();

/** @internal The run algorithm shared by `createSagaWorkflow` and `runSaga`. */
export async function executeSaga<T, E>(
  body: (saga: SagaContext<E>) => Promise<T>,
  options: SagaWorkflowOptions<E> = {},
): Promise<SagaResult<T, E>> {
  const emit = (event: SagaEvent) => options.onEvent?.(event);
  const sagaId = crypto.randomUUID();
  const started = performance.now();
  const recorded: Recorded[] = [];
  let rollingBack = false;
  const lateCompensations: Promise<void>[] = [];
  const lateErrors: Array<{ stepName?: string | undefined; error: unknown }> = [];

  const record = (
    name: string | undefined,
    value: unknown,
    compensate: CompensationAction<never> | undefined,
  ) => {
    if (!compensate) return;
    const entry = { name, value, compensate: compensate as CompensationAction<unknown> };
    if (!rollingBack) {
      recorded.push(entry);
      return;
    }
    // A concurrent step that finished after the rollback began is undone right away: nothing escapes.
    lateCompensations.push(
      (async () => {
        try {
          await entry.compensate(entry.value);
          emit({
            type: "saga_compensation_step",
            sagaId,
            stepName: name,
            ts: Date.now(),
            success: true,
          });
        } catch (error) {
          lateErrors.push({ stepName: name, error });
          emit({
            type: "saga_compensation_step",
            sagaId,
            stepName: name,
            ts: Date.now(),
            success: false,
            error,
          });
        }
      })(),
    );
  };

  const context: SagaContext<E> = {
    async step(operation, stepOptions) {
      const result = await operation();
      if (result.ok) {
        record(
          stepOptions?.name,
          result.value,
          stepOptions?.compensate as CompensationAction<never> | undefined,
        );
        return result.value;
      }
      const exit = createEarlyExit(result.error, { origin: "result", resultCause: result.cause });
      STEP_NAME.set(exit, stepOptions?.name);
      throw exit;
    },
    async tryStep(operation, stepOptions) {
      const mapError = "error" in stepOptions ? () => stepOptions.error : stepOptions.onError;
      let value;
      try {
        value = await operation();
      } catch (thrown) {
        const exit = createEarlyExit(mapError(thrown), { origin: "throw", thrown });
        STEP_NAME.set(exit, stepOptions.name);
        throw exit;
      }
      record(
        stepOptions.name,
        value,
        stepOptions.compensate as CompensationAction<never> | undefined,
      );
      return value;
    },
    getCompensations: () =>
      recorded.map((r) => ({ name: r.name, hasValue: r.value !== undefined })),
  };

  emit({ type: "saga_start", sagaId, ts: Date.now() });
  let value: T;
  try {
    value = await body(context);
  } catch (thrown) {
    const early = isEarlyExit(thrown);
    const originalError = early ? (thrown as { error: unknown }).error : thrown;
    const stepName = early ? STEP_NAME.get(thrown as object) : undefined;
    emit({
      type: "saga_error",
      sagaId,
      ts: Date.now(),
      durationMs: performance.now() - started,
      error: originalError,
    });

    rollingBack = true;
    emit({ type: "saga_compensation_start", sagaId, ts: Date.now(), stepCount: recorded.length });
    const rollbackStarted = performance.now();
    const compensationErrors: SagaCompensationError["compensationErrors"] = [];
    for (let i = recorded.length - 1; i >= 0; i--) {
      const entry = recorded[i]!;
      try {
        await entry.compensate(entry.value);
        emit({
          type: "saga_compensation_step",
          sagaId,
          stepName: entry.name,
          ts: Date.now(),
          success: true,
        });
      } catch (error) {
        compensationErrors.push({ stepName: entry.name, error });
        emit({
          type: "saga_compensation_step",
          sagaId,
          stepName: entry.name,
          ts: Date.now(),
          success: false,
          error,
        });
      }
    }
    await Promise.all(lateCompensations);
    compensationErrors.push(...lateErrors);
    emit({
      type: "saga_compensation_end",
      sagaId,
      ts: Date.now(),
      durationMs: performance.now() - rollbackStarted,
      success: compensationErrors.length === 0,
      failedCount: compensationErrors.length,
    });

    if (compensationErrors.length > 0) {
      const sagaError: SagaCompensationError = {
        type: "SAGA_COMPENSATION_ERROR",
        originalError,
        compensationErrors,
      };
      options.onError?.(sagaError, stepName);
      if (options.throwOnCompensationFailure === true) throw sagaError;
      return err(sagaError);
    }
    options.onError?.(originalError as E, stepName);
    if (!early) {
      const unexpected: UnexpectedError = {
        type: "UNEXPECTED_ERROR",
        cause: { type: "UNCAUGHT_EXCEPTION", thrown },
      };
      return err(unexpected);
    }
    return err(originalError as E);
  }
  emit({ type: "saga_success", sagaId, ts: Date.now(), durationMs: performance.now() - started });
  return ok(value);
}
