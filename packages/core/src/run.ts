import { causeOfMeta, isEarlyExit } from "./early-exit";
import { isUnexpectedError, uncaught, type UnexpectedError } from "./errors";
import type { WorkflowEvent } from "./events";
import { isMapperThrew, RunContext } from "./internal/run-context";
import { err, ok, type AsyncResult, type Result } from "./result";
import type { RunStep } from "./run-step";
import {
  retryStepOptions,
  runFromResult,
  runStep,
  runTry,
  timeoutStepOptions,
  wrapStepFailure,
} from "./step";
import { canRunFast, runFastStep, runUnobservedStep } from "./step-fast";
import type { StepOptions } from "./step-options";
import { runParallelNamed, runScope } from "./step-scope";

/** Options of a strict `run`: every failure is mapped into `E` by `catchUnexpected`. */
export type RunOptionsWithCatch<E, C = void> = {
  onError?: ((error: E, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  catchUnexpected: (cause: unknown) => E;
  /** Id reported on every event. Defaults to `crypto.randomUUID()`. */
  workflowId?: string | undefined;
  /** Added to every event and passed to `onError`/`onEvent`. Defaults to none. */
  context?: C | undefined;
};

/** Options of a non-strict `run`: thrown exceptions become `UnexpectedError`. */
export type RunOptionsWithoutCatch<E, C = void> = {
  onError?: ((error: E | UnexpectedError, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  catchUnexpected?: undefined;
  workflowId?: string | undefined;
  context?: C | undefined;
};

/** Options of `run`. */
export type RunOptions<E, C = void> = RunOptionsWithCatch<E, C> | RunOptionsWithoutCatch<E, C>;

type AnyRunOptions = {
  onError?: ((error: unknown, stepName: string | undefined, ctx: unknown) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<unknown, unknown>, ctx: unknown) => void) | undefined;
  catchUnexpected?: ((cause: unknown) => unknown) | undefined;
  workflowId?: string | undefined;
  context?: unknown;
};

type RunFn = {
  /**
   * Runs `fn` with a `step` that unwraps Results; resolves to `ok(return value)` or the first failure.
   * @example
   * const result = await run<Order, "NOT_FOUND">(async (step) => {
   *   const user = await step(fetchUser(id));
   *   return step(() => placeOrder(user));
   * }, { catchUnexpected: () => "NOT_FOUND" as const });
   */
  <T, E, C = void>(
    fn: (step: RunStep<E>) => Promise<T> | T,
    options: RunOptionsWithCatch<E, C>,
  ): AsyncResult<T, E, unknown>;
  <T, E, C = void>(
    fn: (step: RunStep<E | UnexpectedError>) => Promise<T> | T,
    options: {
      onError: (error: E | UnexpectedError, stepName?: string, ctx?: C) => void;
      onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
      workflowId?: string | undefined;
      context?: C | undefined;
    },
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T, C = void>(
    fn: (step: RunStep) => Promise<T> | T,
    options?: {
      onEvent?: ((event: WorkflowEvent<UnexpectedError, C>, ctx: C) => void) | undefined;
      workflowId?: string | undefined;
      context?: C | undefined;
    },
  ): AsyncResult<T, UnexpectedError, unknown>;
  /** `run` typed so the result's error is exactly `E`: `catchUnexpected` is required. */
  strict: <T, E, C = void>(
    fn: (step: RunStep<E>) => Promise<T> | T,
    options: {
      onError?: ((error: E, stepName?: string, ctx?: C) => void) | undefined;
      onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
      catchUnexpected: (cause: unknown) => E;
      workflowId?: string | undefined;
      context?: C | undefined;
    },
  ) => AsyncResult<T, E, unknown>;
};

/** @internal Creates the `step` object for one run: a fresh function with its seven helpers. */
export function createRunStep(rc: RunContext): RunStep<unknown> {
  const step = ((operation: unknown, options?: StepOptions | string) =>
    // `step(x)` with no options and no listener is checked first: it is most steps.
    options === undefined && rc.onEvent === undefined
      ? runUnobservedStep(rc, operation)
      : canRunFast(options)
        ? runFastStep(rc, operation, options)
        : runStep(rc, operation, options)) as RunStep<unknown>;
  step.try = ((operation: unknown, opts: never) =>
    runTry(rc, operation, opts)) as RunStep<unknown>["try"];
  step.fromResult = ((operation: unknown, opts: never) =>
    runFromResult(rc, operation, opts)) as RunStep<unknown>["fromResult"];
  step.retry = ((operation: unknown, o: never) =>
    runStep(rc, operation, retryStepOptions(o))) as RunStep<unknown>["retry"];
  step.withTimeout = ((operation: unknown, o: never) =>
    runStep(rc, operation, timeoutStepOptions(o))) as RunStep<unknown>["withTimeout"];
  step.parallel = ((first: unknown, second: unknown) =>
    typeof first === "string"
      ? runScope(rc, "parallel", first, second)
      : runParallelNamed(rc, first as never, second as never)) as RunStep<unknown>["parallel"];
  step.race = ((name: string, operation: unknown) =>
    runScope(rc, "race", name, operation)) as RunStep<unknown>["race"];
  step.allSettled = ((name: string, operation: unknown) =>
    runScope(rc, "allSettled", name, operation)) as RunStep<unknown>["allSettled"];
  return step;
}

/** @internal Builds the per-run state from `run` options (a non-object counts as `{}`). */
export function createRunContext(options: unknown): RunContext {
  const o: AnyRunOptions = typeof options === "object" && options !== null ? options : {};
  return new RunContext(
    // Only events carry the id: a run nobody listens to never pays for a UUID.
    o.workflowId ?? (o.onEvent ? crypto.randomUUID() : ""),
    o.context,
    o.onEvent,
    o.onError,
    o.catchUnexpected,
  );
}

/**
 * @internal Runs a callback against a prepared context and turns whatever escapes into a Result.
 * Not an `async` function: one `.then` on the callback's promise replaces the extra promise and
 * resumption an async wrapper costs per run. Sync throws still become a Result (or a rejection when
 * `catchUnexpected` throws), exactly as the async form did.
 */
export function executeRun(
  rc: RunContext,
  fn: unknown,
  step: RunStep<unknown>,
): Promise<Result<unknown, unknown, unknown>> {
  let returned: unknown;
  try {
    if (typeof fn !== "function") {
      throw new TypeError(`run: expected the workflow callback to be a function, got ${typeof fn}`);
    }
    returned = (fn as (step: RunStep<unknown>) => unknown)(step);
  } catch (escaped) {
    return settleNow(rc, escaped);
  }
  return Promise.resolve(returned).then(ok, (escaped: unknown) => settleEscaped(rc, escaped));
}

// A sync throw settles synchronously (onError runs before `run` returns), as in the async form.
function settleNow(rc: RunContext, escaped: unknown): Promise<Result<unknown, unknown, unknown>> {
  try {
    return Promise.resolve(settleEscaped(rc, escaped));
  } catch (mapperError) {
    return Promise.reject(mapperError);
  }
}

function settleEscaped(rc: RunContext, escaped: unknown): Result<unknown, unknown, unknown> {
  if (isMapperThrew(escaped)) throw escaped.thrown;
  if (isEarlyExit(escaped)) {
    const cause = causeOfMeta(escaped.meta);
    const error =
      rc.mode === "wrap" && !isUnexpectedError(escaped.error)
        ? wrapStepFailure(rc, escaped.error, escaped.meta)
        : escaped.error;
    return err(error, { cause });
  }
  const error =
    rc.mode === "strict"
      ? (rc.catchUnexpected as (cause: unknown) => unknown)(escaped)
      : uncaught(escaped);
  rc.onError?.(error, "unexpected", rc.context);
  return err(error, { cause: escaped });
}

function runImpl(fn: unknown, options?: unknown): Promise<Result<unknown, unknown, unknown>> {
  const rc = createRunContext(options);
  return executeRun(rc, fn, createRunStep(rc));
}

/**
 * Runs an async callback whose `step` unwraps Results; resolves to a Result in every normal case.
 * Without `onError`/`catchUnexpected` every failure is wrapped as an `UnexpectedError`.
 */
export const run: RunFn = Object.assign(runImpl as unknown as Omit<RunFn, "strict">, {
  strict: runImpl as unknown as RunFn["strict"],
}) as RunFn;
