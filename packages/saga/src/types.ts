import type { AsyncResult, Result, UnexpectedError, WorkflowEvent } from "@awaitly/core";

/** Undoes a completed step, given the value that step produced. */
export type CompensationAction<T> = (value: T) => void | Promise<void>;

/** Options of `saga.step`. */
export interface SagaStepOptions<T> {
  /** Label used in compensation events and errors. */
  name?: string | undefined;
  /** Recorded only if the step succeeds; run in reverse order if a later step fails. */
  compensate?: CompensationAction<T> | undefined;
}

/** A failure some compensations could not undo: every failed compensation is listed, in run order. */
export interface SagaCompensationError {
  type: "SAGA_COMPENSATION_ERROR";
  originalError: unknown;
  compensationErrors: Array<{ stepName?: string | undefined; error: unknown }>;
}

/** The Result of a saga run. */
export type SagaResult<T, E> = Result<T, E | UnexpectedError | SagaCompensationError, unknown>;

/** What the saga body receives. */
export interface SagaContext<E = unknown> {
  step: <T, StepE extends E, StepC = unknown>(
    operation: () => Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>,
    options?: SagaStepOptions<T>,
  ) => Promise<T>;
  tryStep: <T, const Err extends E>(
    operation: () => T | Promise<T>,
    options:
      | { error: Err; name?: string | undefined; compensate?: CompensationAction<T> | undefined }
      | {
          onError: (cause: unknown) => Err;
          name?: string | undefined;
          compensate?: CompensationAction<T> | undefined;
        },
  ) => Promise<T>;
  getCompensations: () => Array<{ name?: string | undefined; hasValue: boolean }>;
}

/** Events a saga emits. */
export type SagaEvent =
  | { type: "saga_start"; sagaId: string; ts: number }
  | { type: "saga_success"; sagaId: string; ts: number; durationMs: number }
  | { type: "saga_error"; sagaId: string; ts: number; durationMs: number; error: unknown }
  | { type: "saga_compensation_start"; sagaId: string; ts: number; stepCount: number }
  | {
      type: "saga_compensation_step";
      sagaId: string;
      stepName?: string | undefined;
      ts: number;
      success: boolean;
      error?: unknown;
    }
  | {
      type: "saga_compensation_end";
      sagaId: string;
      ts: number;
      durationMs: number;
      success: boolean;
      failedCount: number;
    };

/** Which compensation an `aroundCompensation` call wraps. */
export type CompensationRef = {
  readonly sagaId: string;
  /** The saga step's `name`, when it has one. */
  readonly stepName: string | undefined;
  /** The keys of the `checkpointedStep`s the compensated step ran (`runSagaStep` only; else none). */
  readonly stepKeys: readonly string[];
};

/**
 * Runs one compensation: call `compensate()` and return its promise, inside whatever context the
 * compensation needs — how a tracer gives each compensation a span that is active while it runs.
 */
export type AroundCompensation = (
  compensation: CompensationRef,
  compensate: () => Promise<void>,
) => Promise<void>;

/** Options of `createSagaWorkflow` / `runSaga`. */
export interface SagaWorkflowOptions<E> {
  /** Called once per failed run with the error and the failing step's name (when known). Defaults to none. */
  onError?:
    ((error: E | UnexpectedError | SagaCompensationError, stepName?: string) => void) | undefined;
  /**
   * Receives every saga event, synchronously. A throwing listener never changes what the saga does;
   * the run rejects with its error once the saga has finished. Defaults to none.
   */
  onEvent?: ((event: SagaEvent | WorkflowEvent<E | UnexpectedError>) => void) | undefined;
  /**
   * Wraps each compensation as it runs (e.g. `@awaitly/otel`'s `aroundCompensation`, a span per
   * compensation). Must call `compensate()` once and pass its rejection on. Defaults to none.
   */
  aroundCompensation?: AroundCompensation | undefined;
  /** Reject (instead of returning an `Err`) when a compensation failed. Defaults to `false`. */
  throwOnCompensationFailure?: boolean | undefined;
}
