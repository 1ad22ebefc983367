import type { AroundStep } from "../run/around-step";
import type { ResumeStateEntry, StepCache } from "../run/step-cache";
import type { CancelledError, UnexpectedError } from "../result/errors";
import type { WorkflowEvent } from "../run/events";
import type { AsyncResult, Result } from "../result/result";
import type { RunStep, StepCompensation } from "../run/run-step";
import type { CauseOf, ErrorOf } from "../result/type-utils";
import type { Clock } from "../clock/clock";

/** Any function returning a Result or a Promise of one: the shape of a workflow dependency. */
export type AnyResultFn = (
  ...args: never[]
) => Result<unknown, unknown, unknown> | Promise<Result<unknown, unknown, unknown>>;

/** The union of every dependency's error type. */
export type ErrorsOfDeps<Deps extends Record<string, AnyResultFn>> = {
  [K in keyof Deps]: ErrorOf<Deps[K]>;
}[keyof Deps];

/** The union of every dependency's cause type (informational: workflow causes are `unknown`). */
export type CausesOfDeps<Deps extends Record<string, AnyResultFn>> = CauseOf<Deps[keyof Deps]>;

/** Completed keyed steps to replay instead of re-running them. */
export interface ResumeState {
  steps: Map<string, ResumeStateEntry>;
  /**
   * The id of the run the state belongs to, named by a `WorkflowDriftError` (checkpointers set
   * it). Defaults to none.
   */
  runId?: string | undefined;
}

/**
 * The `onAfterStep` hook of a workflow or of one call: runs after each keyed step executes.
 * `result` is the cached form (on failures its `cause` is core's internal encoding); `entry` is the
 * public shape to store: `{ result, meta }` with the raw cause, exactly what a resume replays.
 */
export type AfterStepHook<C = void> = (
  stepKey: string,
  result: Result<unknown, unknown, unknown>,
  workflowId: string,
  context: C,
  entry: ResumeStateEntry,
) => void | Promise<void>;

type Hooks<C> = {
  /** Fresh per-invocation context, added to every event. Defaults to none. */
  createContext?: (() => C) | undefined;
  /** Keyed-step cache shared by every invocation. Defaults to none (one is created when resuming). */
  cache?: StepCache | undefined;
  /** Completed steps to replay, or a (sync/async) loader called on each invocation. Defaults to none. */
  resumeState?: ResumeState | (() => ResumeState | Promise<ResumeState>) | undefined;
  /** Gate run after `shouldRun`; a falsy answer skips the invocation. Defaults to always start. */
  onBeforeStart?: ((workflowId: string, context: C) => boolean | Promise<boolean>) | undefined;
  /**
   * Called before each keyed step executes (not on cache hits); throwing fails the run before the
   * step's operation starts, e.g. when a fencing lease was lost. Defaults to none.
   */
  onBeforeStep?: ((stepKey: string, workflowId: string, context: C) => void) | undefined;
  /**
   * Called after each keyed step executes (checkpointing), with `entry`, the step as a resume
   * replays it. Defaults to none.
   */
  onAfterStep?: AfterStepHook<C> | undefined;
  /**
   * Called by `step.invalidate(key)` after the key is dropped from the cache, so a checkpointer
   * deletes the step and a resumed run runs it again; a rejection rejects `step.invalidate`.
   * Defaults to none.
   */
  onStepInvalidated?:
    ((stepKey: string, workflowId: string, context: C) => void | Promise<void>) | undefined;
  /**
   * Called by `step.recordCompensation(c)` (a saga's undo of finished steps), so a run store keeps
   * it; a rejection rejects `step.recordCompensation`. Defaults to none.
   */
  onStepCompensation?:
    | ((compensation: StepCompensation, workflowId: string, context: C) => void | Promise<void>)
    | undefined;
  /**
   * Runs each attempt of every step's operation inside it (e.g. `@awaitly/otel`'s handler makes the
   * step's span the active context while the step's I/O runs). Defaults to none.
   */
  aroundStep?: AroundStep | undefined;
  /** First gate; a falsy answer skips the invocation. Defaults to always run. */
  shouldRun?: ((workflowId: string, context: C) => boolean | Promise<boolean>) | undefined;
  /**
   * What retry backoff and step timeouts wait on, and event times read (a virtual clock in
   * tests); a call's own `clock` replaces it. Defaults to the real clock.
   */
  clock?: Clock | undefined;
};

/** Options of a non-strict workflow: exceptions surface as `UnexpectedError`. */
export type WorkflowOptions<E, C = void> = Hooks<C> & {
  onError?: ((error: E | UnexpectedError, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  catchUnexpected?: never;
  strict?: false | undefined;
};

/** Options of a strict workflow: exceptions are mapped into `U` by `catchUnexpected`. */
export type WorkflowOptionsStrict<E, U, C = void> = Hooks<C> & {
  strict: true;
  catchUnexpected: (cause: unknown) => U;
  onError?: ((error: E | U, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | U, C>, ctx: C) => void) | undefined;
};

/**
 * Per-call options of a workflow, after the callback: what belongs to one run, so one workflow
 * instance can serve every run. Hooks given here run after the workflow's own hooks.
 */
export type WorkflowCallOptions<C = void> = {
  /**
   * Cancels this call: no step starts after it aborts, running steps and retry/timeout waits stop,
   * and the call resolves to a `CancelledError`. Defaults to none.
   */
  signal?: AbortSignal | undefined;
  /** This run's context (events, hooks, `ctx.context`); replaces `createContext()`. Defaults to `createContext()`. */
  context?: C | undefined;
  /**
   * Completed steps to replay in this run (or a loader), instead of the workflow's `resumeState`;
   * loaded into a cache of this call's own. Defaults to the workflow's `resumeState`.
   */
  resumeState?: ResumeState | (() => ResumeState | Promise<ResumeState>) | undefined;
  /**
   * Called synchronously before every step of this run starts: keyed steps (not on cache hits)
   * with their key, unkeyed steps, `step.try`/`fromResult`/`retry`/`withTimeout` without a key and
   * the scopes `parallel`/`race`/`allSettled` with `undefined`. Throwing fails that step as if its
   * operation threw, before anything starts. Defaults to none.
   */
  onBeforeStep?:
    ((stepKey: string | undefined, workflowId: string, context: C) => void) | undefined;
  /** As the workflow's `onAfterStep`, for this run only. Defaults to none. */
  onAfterStep?: AfterStepHook<C> | undefined;
  /** As the workflow's `onStepInvalidated`, for this run only. Defaults to none. */
  onStepInvalidated?:
    ((stepKey: string, workflowId: string, context: C) => void | Promise<void>) | undefined;
  /** As the workflow's `onStepCompensation`, for this run only. Defaults to none. */
  onStepCompensation?:
    | ((compensation: StepCompensation, workflowId: string, context: C) => void | Promise<void>)
    | undefined;
  /** The clock this run's retries, timeouts and events use. Defaults to the workflow's `clock`. */
  clock?: Clock | undefined;
};

// A call given a `signal` can also end in `CancelledError`: options that may carry one (any
// `WorkflowCallOptions`) pick the wider result type, options that cannot carry one the narrower.
type CallNoSignal<C> = WorkflowCallOptions<C> & { signal?: undefined };

/** The last argument of every workflow callback. */
export type WorkflowContext<C = void> = {
  workflowId: string;
  /** The call's `signal`, when it was given one. */
  signal?: AbortSignal | undefined;
  onEvent?: ((event: WorkflowEvent<unknown, C>) => void) | undefined;
  context?: C | undefined;
};

/** A reusable non-strict workflow executor. */
export interface Workflow<E, Deps, C = void> {
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: CallNoSignal<C>,
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: WorkflowCallOptions<C>,
  ): AsyncResult<T, E | UnexpectedError | CancelledError, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: CallNoSignal<C>,
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: WorkflowCallOptions<C>,
  ): AsyncResult<T, E | UnexpectedError | CancelledError, unknown>;
}

/** A reusable strict workflow executor: errors are exactly `E | U`. */
export interface WorkflowStrict<E, U, Deps, C = void> {
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
  ): AsyncResult<T, E | U, unknown>;
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: CallNoSignal<C>,
  ): AsyncResult<T, E | U, unknown>;
  <T>(
    fn: (step: RunStep<E>, deps: Deps, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: WorkflowCallOptions<C>,
  ): AsyncResult<T, E | U | CancelledError, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
  ): AsyncResult<T, E | U, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: CallNoSignal<C>,
  ): AsyncResult<T, E | U, unknown>;
  <T, Args>(
    args: Args,
    fn: (step: RunStep<E>, deps: Deps, args: Args, ctx: WorkflowContext<C>) => T | Promise<T>,
    options: WorkflowCallOptions<C>,
  ): AsyncResult<T, E | U | CancelledError, unknown>;
}
