import { createEarlyExit, err, isEarlyExit, ok, type UnexpectedError } from "@awaitly/core";
import { stepKeysOf } from "./internal/compensation-keys";
import { describeValue } from "./internal/validate-options";
import type {
  CompensationAction,
  SagaCompensationError,
  SagaContext,
  SagaEvent,
  SagaResult,
  SagaWorkflowOptions,
} from "./types";

type Recorded = { name: string | undefined; value: unknown; compensate: CompensationAction<never> };
type CompensationFailure = SagaCompensationError["compensationErrors"][number];
// Carries the failing step's name alongside core's early exit, without changing its shape.
const STEP_NAME = new WeakMap<object, string | undefined>();

/** @internal The run algorithm shared by `createSagaWorkflow` and `runSaga`. */
export async function executeSaga<T, E>(
  body: (saga: SagaContext<E>) => Promise<T>,
  options: SagaWorkflowOptions<E> = {},
): Promise<SagaResult<T, E>> {
  const sagaId = crypto.randomUUID();
  const started = performance.now();
  const recorded: Recorded[] = [];
  let rollingBack = false;
  const late: Promise<CompensationFailure | undefined>[] = [];
  // Steps still running: the rollback waits for them, so a sibling that succeeds late is undone too.
  const inflight = new Set<Promise<unknown>>();
  const track = <R>(pending: Promise<R>): Promise<R> => {
    inflight.add(pending);
    const settled = () => void inflight.delete(pending);
    pending.then(settled, settled);
    return pending;
  };
  // A throwing listener is a bug in the caller's code, not a step failure: it must not undo
  // successful work or skip a compensation, so it is kept and rethrown once the saga is done.
  let listenerError: { thrown: unknown } | undefined;
  const emit = (event: SagaEvent) => {
    if (options.onEvent === undefined) return;
    try {
      options.onEvent(event);
    } catch (thrown) {
      listenerError ??= { thrown };
    }
  };
  const rethrowListenerError = () => {
    if (listenerError) throw listenerError.thrown;
  };

  /** Runs one compensation; never throws, returns the failure to report if it failed. */
  const compensate = async (entry: Recorded): Promise<CompensationFailure | undefined> => {
    const base = { type: "saga_compensation_step", sagaId, stepName: entry.name } as const;
    const undo = async () => {
      await (entry.compensate as CompensationAction<unknown>)(entry.value);
    };
    const around = options.aroundCompensation;
    try {
      await (around === undefined
        ? undo()
        : around({ sagaId, stepName: entry.name, stepKeys: stepKeysOf(entry.compensate) }, undo));
    } catch (error) {
      emit({ ...base, ts: Date.now(), success: false, error });
      return { stepName: entry.name, error };
    }
    emit({ ...base, ts: Date.now(), success: true });
    return undefined;
  };

  const record = (
    name: string | undefined,
    value: unknown,
    undo: CompensationAction<never> | undefined,
  ) => {
    if (undo === undefined) return;
    const entry = { name, value, compensate: undo };
    recorded.push(entry);
    // A concurrent step that finished after the rollback began is undone right away: nothing escapes.
    if (rollingBack) late.push(compensate(entry));
  };

  const fail = (error: unknown, meta: Parameters<typeof createEarlyExit>[1], name?: string) => {
    const exit = createEarlyExit(error, meta);
    STEP_NAME.set(exit, name);
    return exit;
  };

  const runStep: SagaContext<E>["step"] = async (operation, stepOptions) => {
    if (typeof operation !== "function") {
      throw new TypeError(
        `saga.step: operation must be a function returning a Result, got ${describeValue(operation)}`,
      );
    }
    const result = await operation();
    if (!result.ok) {
      const meta = { origin: "result", resultCause: result.cause } as const;
      throw fail(result.error, meta, stepOptions?.name);
    }
    record(stepOptions?.name, result.value, stepOptions?.compensate);
    return result.value;
  };
  const runTryStep: SagaContext<E>["tryStep"] = async (operation, stepOptions) => {
    const mapError = "error" in stepOptions ? () => stepOptions.error : stepOptions.onError;
    let value;
    try {
      value = await operation();
    } catch (thrown) {
      throw fail(mapError(thrown), { origin: "throw", thrown }, stepOptions.name);
    }
    record(stepOptions.name, value, stepOptions.compensate);
    return value;
  };
  const context: SagaContext<E> = {
    step: (operation, stepOptions) => track(runStep(operation, stepOptions)),
    tryStep: (operation, stepOptions) => track(runTryStep(operation, stepOptions)),
    getCompensations: () =>
      recorded.map((r) => ({ name: r.name, hasValue: r.value !== undefined })),
  };

  emit({ type: "saga_start", sagaId, ts: Date.now() });
  rethrowListenerError(); // nothing has run yet
  let value: T;
  try {
    value = await body(context);
  } catch (thrown) {
    const early = isEarlyExit(thrown);
    const originalError: unknown = early ? thrown.error : thrown;
    const stepName = early ? STEP_NAME.get(thrown) : undefined;
    emit({
      type: "saga_error",
      sagaId,
      ts: Date.now(),
      durationMs: performance.now() - started,
      error: originalError,
    });

    rollingBack = true;
    const toUndo = recorded.slice().reverse();
    emit({ type: "saga_compensation_start", sagaId, ts: Date.now(), stepCount: toUndo.length });
    const rollbackStarted = performance.now();
    const compensationErrors: CompensationFailure[] = [];
    for (const entry of toUndo) {
      const failure = await compensate(entry);
      if (failure) compensationErrors.push(failure);
    }
    while (inflight.size > 0 || late.length > 0) {
      await Promise.allSettled([...inflight]);
      for (const failure of await Promise.all(late.splice(0))) {
        if (failure) compensationErrors.push(failure);
      }
    }
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
      rethrowListenerError();
      if (options.throwOnCompensationFailure === true) throw sagaError;
      return err(sagaError);
    }
    options.onError?.(originalError as E, stepName);
    rethrowListenerError();
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
  rethrowListenerError();
  return ok(value);
}
