import type { AsyncResult, MaybeAsyncResult, Result } from "../result/result";
import type { RetryOptions, StepOptions, TimeoutOptions } from "./step-options";

// The run's `signal` is passed when the run was given one (otherwise nothing is passed).
type StepOperation<T, StepE, StepC> = (
  signal?: AbortSignal,
) => Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>;
type Mapping<TErr, TFrom> =
  | { error: TErr; name?: string | undefined; key?: string | undefined }
  | { onError: (from: TFrom) => TErr; name?: string | undefined; key?: string | undefined };

/**
 * The `step` handed to a `run`/workflow callback: unwraps Results, turning a failure into an early
 * exit of the whole run. Every error it accepts must belong to `E`.
 */
export interface RunStep<E = unknown> {
  /** Runs an operation (re-run on retry) and returns its value, or exits the run with its error. */
  <T, StepE extends E, StepC = unknown>(
    operation: StepOperation<T, StepE, StepC>,
    options?: StepOptions | string,
  ): Promise<T>;
  /** Unwraps an existing Result or Result promise (no retry, no timeout). */
  <T, StepE extends E, StepC = unknown>(
    result: Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>,
    options?: StepOptions | string,
  ): Promise<T>;
  /** Runs a throwing function; a throw becomes the given (or mapped) error. */
  try: <T, const TErr extends E>(
    operation: (signal?: AbortSignal) => T | Promise<T>,
    options: Mapping<TErr, unknown>,
  ) => Promise<T>;
  /** Runs a Result-returning function whose error is mapped into this workflow's union. */
  fromResult: <T, ResultE, const TErr extends E>(
    operation: (
      signal?: AbortSignal,
    ) => Result<T, ResultE, unknown> | AsyncResult<T, ResultE, unknown>,
    options: Mapping<TErr, ResultE>,
  ) => Promise<T>;
  /** Runs operations concurrently: a named object of thunks, or one thunk returning an array Result. */
  parallel: {
    <TOperations extends Record<string, () => MaybeAsyncResult<unknown, E, unknown>>>(
      operations: TOperations,
      options?: { name?: string | undefined },
    ): Promise<{
      [K in keyof TOperations]: TOperations[K] extends () => MaybeAsyncResult<infer V, E, unknown>
        ? V
        : never;
    }>;
    // `readonly` so the tuples of `allAsync([...])` fit, as the docs use it.
    <T extends readonly unknown[], StepE extends E, StepC = unknown>(
      name: string,
      operation: StepOperation<T, StepE, StepC>,
    ): Promise<T>;
  };
  /** A named race scope around an operation (usually `anyAsync`). */
  race: <T, StepE extends E, StepC = unknown>(
    name: string,
    operation: StepOperation<T, StepE, StepC>,
  ) => Promise<T>;
  /** A named all-settled scope around an operation (usually `allSettledAsync`). */
  allSettled: <T extends readonly unknown[], StepE extends E, StepC = unknown>(
    name: string,
    operation: StepOperation<T, StepE, StepC>,
  ) => Promise<T>;
  /** `step` with a retry policy. */
  retry: <T, StepE extends E, StepC = unknown>(
    operation: StepOperation<T, StepE, StepC>,
    options: RetryOptions & {
      name?: string | undefined;
      key?: string | undefined;
      timeout?: TimeoutOptions | undefined;
    },
  ) => Promise<T>;
  /**
   * `step` with a timeout per attempt. The operation receives an `AbortSignal` with
   * `signal: true` (aborted on timeout or when the run is cancelled) or when the run has a signal.
   */
  withTimeout: <T, StepE extends E, StepC = unknown>(
    operation:
      | (() => Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>)
      | ((signal: AbortSignal) => Result<T, StepE, StepC> | AsyncResult<T, StepE, StepC>),
    options: TimeoutOptions & { name?: string | undefined; key?: string | undefined },
  ) => Promise<T>;
  /**
   * Forgets the keyed step `key` of this run wherever it is kept, so a resumed run runs it again:
   * emits `step_invalidated` (step collectors drop it), deletes it from the workflow's cache, then
   * awaits the workflow's `onStepInvalidated` (checkpointers delete it, fenced like their writes).
   * For steps whose work was undone, e.g. by a saga compensation. Rejects when the hook fails.
   */
  invalidate: (key: string) => Promise<void>;
  /**
   * Records that a compensation ran for finished steps of this run (a saga's undo): awaits the
   * workflow's `onStepCompensation` hook, so a run store can show it. Rejects when the hook fails.
   */
  recordCompensation: (compensation: StepCompensation) => Promise<void>;
  /**
   * Marks a change of the workflow's code under the keyed name `id`: resolves `true` where the run
   * takes the new path (a new run, or one that reached this point after the change) and `false`
   * for a run started before it, whose record holds steps past this point (its old path). The
   * answer is recorded as a keyed step (`@patch:<id>`), so each run answers the same on every
   * resume. Remove the call and the old path once no run needs it (`checkDrift` says which).
   * @example
   * if (await step.patched("fraud-check")) await step(() => screen(order), { key: "fraud" });
   */
  patched: (id: string) => Promise<boolean>;
}

/** A compensation that ran to undo finished steps of a run (a saga's undo), as `step.recordCompensation` reports it. */
export interface StepCompensation {
  /** The undone step's name (a saga step's `name`), when it has one. */
  name: string | undefined;
  /** The keys of the keyed steps whose work it undid (empty when the step was not keyed). */
  stepKeys: readonly string[];
  /** When it started (epoch ms). */
  startedAt: number;
  /** How long it ran (ms). */
  durationMs: number;
  /** Whether it succeeded. */
  ok: boolean;
  /** What it threw, when it failed. */
  error?: unknown;
}
