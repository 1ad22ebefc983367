import { badInput } from "./internal/bad-input";
import { assertClock } from "../clock/resolve-clock";
import type { Clock } from "../clock/clock";
import { causeOfMeta, isEarlyExit } from "./early-exit";
import {
  isUnexpectedError,
  uncaught,
  type CancelledError,
  type UnexpectedError,
} from "../result/errors";
import { assertSignal, cancelExit, isCancelExit, untilAborted } from "./internal/cancel";
import type { WorkflowEvent } from "./events";
import { isMapperThrew, RunContext } from "./internal/run-context";
import { invalidateStep, recordCompensation } from "./internal/invalidate";
import { randomUuid } from "./internal/random-uuid";
import { tracked, waitForRunning } from "./internal/running";
import { FloatingStepError } from "./misuse-errors";
import { isWorkflowDriftError } from "../workflow/drift-error";
import { err, ok, type AsyncResult, type Result } from "../result/result";
import type { RunStep } from "./run-step";
import type { AroundStep } from "./around-step";
import { retryStepOptions, runStep, timeoutStepOptions } from "./step";
import { runMapped } from "./step-mapped";
import { wrapStepFailure } from "./step-settle";
import { canRunFast, runFastStep, runUnobservedStep } from "./step-fast";
import type { StepOptions } from "./step-options";
import { runParallelNamed, runScope } from "./step-scope";
import { finishOrder } from "./internal/step-order";
import { runPatched } from "./step-patched";

/** Options of a strict `run`: every failure is mapped into `E` by `catchUnexpected`. */
export type RunOptionsWithCatch<E, C = void> = {
  onError?: ((error: E, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  catchUnexpected: (cause: unknown) => E;
  /** Id reported on every event. Defaults to a random v4 UUID (made only when someone listens). */
  workflowId?: string | undefined;
  /** Added to every event and passed to `onError`/`onEvent`. Defaults to none. */
  context?: C | undefined;
  /**
   * Cancels the run: no step starts after it aborts, running steps and retry/timeout waits stop,
   * and the run resolves to a `CancelledError`. Defaults to none.
   */
  signal?: AbortSignal | undefined;
  /**
   * Runs each attempt of every step's operation inside it (e.g. `@awaitly/otel`'s handler makes the
   * step's span the active context). Defaults to none.
   */
  aroundStep?: AroundStep | undefined;
  /**
   * What retry backoff and step timeouts wait on, and event times read (a virtual clock in
   * tests). Defaults to the real clock.
   */
  clock?: Clock | undefined;
};

/** Options of a non-strict `run`: thrown exceptions become `UnexpectedError`. */
export type RunOptionsWithoutCatch<E, C = void> = {
  onError?: ((error: E | UnexpectedError, stepName?: string, ctx?: C) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  catchUnexpected?: undefined;
  workflowId?: string | undefined;
  context?: C | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Runs each attempt of every step's operation inside it (e.g. `@awaitly/otel`'s handler makes the
   * step's span the active context). Defaults to none.
   */
  aroundStep?: AroundStep | undefined;
  clock?: Clock | undefined;
};

/** Options of `run`. */
export type RunOptions<E, C = void> = RunOptionsWithCatch<E, C> | RunOptionsWithoutCatch<E, C>;

type AnyRunOptions = {
  onError?: ((error: unknown, stepName: string | undefined, ctx: unknown) => void) | undefined;
  onEvent?: ((event: WorkflowEvent<unknown, unknown>, ctx: unknown) => void) | undefined;
  catchUnexpected?: ((cause: unknown) => unknown) | undefined;
  workflowId?: string | undefined;
  context?: unknown;
  signal?: AbortSignal | undefined;
  aroundStep?: AroundStep | undefined;
  clock?: Clock | undefined;
};

// A run given a `signal` can also end in `CancelledError`; the key is required (even when the
// value may be undefined) so that a possibly-present signal always picks the wider result type.
type WithSignal = { signal: AbortSignal | undefined };
type NoSignal = { signal?: undefined };

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
    options: RunOptionsWithCatch<E, C> & NoSignal,
  ): AsyncResult<T, E, unknown>;
  <T, E, C = void>(
    fn: (step: RunStep<E>) => Promise<T> | T,
    options: RunOptionsWithCatch<E, C> & WithSignal,
  ): AsyncResult<T, E | CancelledError, unknown>;
  <T, E, C = void>(
    fn: (step: RunStep<E | UnexpectedError>) => Promise<T> | T,
    options: TypedOptions<E, C> & NoSignal,
  ): AsyncResult<T, E | UnexpectedError, unknown>;
  <T, E, C = void>(
    fn: (step: RunStep<E | UnexpectedError>) => Promise<T> | T,
    options: TypedOptions<E, C> & WithSignal,
  ): AsyncResult<T, E | UnexpectedError | CancelledError, unknown>;
  <T, C = void>(
    fn: (step: RunStep) => Promise<T> | T,
    options?: WrapOptions<C> & NoSignal,
  ): AsyncResult<T, UnexpectedError, unknown>;
  <T, C = void>(
    fn: (step: RunStep) => Promise<T> | T,
    options: WrapOptions<C> & WithSignal,
  ): AsyncResult<T, UnexpectedError | CancelledError, unknown>;
  /** `run` typed so the result's error is exactly `E` (plus `CancelledError` with a `signal`). */
  strict: {
    <T, E, C = void>(
      fn: (step: RunStep<E>) => Promise<T> | T,
      options: RunOptionsWithCatch<E, C> & NoSignal,
    ): AsyncResult<T, E, unknown>;
    <T, E, C = void>(
      fn: (step: RunStep<E>) => Promise<T> | T,
      options: RunOptionsWithCatch<E, C> & WithSignal,
    ): AsyncResult<T, E | CancelledError, unknown>;
  };
};

type TypedOptions<E, C> = {
  onError: (error: E | UnexpectedError, stepName?: string, ctx?: C) => void;
  onEvent?: ((event: WorkflowEvent<E | UnexpectedError, C>, ctx: C) => void) | undefined;
  workflowId?: string | undefined;
  context?: C | undefined;
  aroundStep?: AroundStep | undefined;
  clock?: Clock | undefined;
};

type WrapOptions<C> = {
  onEvent?: ((event: WorkflowEvent<UnexpectedError, C>, ctx: C) => void) | undefined;
  workflowId?: string | undefined;
  context?: C | undefined;
  aroundStep?: AroundStep | undefined;
  clock?: Clock | undefined;
};

type Mapped = { name?: string | undefined; key?: string | undefined } | undefined;

// The operation of a patch marker's step: recording it is all it does.
const patchMark = () => ok(true);

// The engine with retry and timeout, tracked as running until it settles.
function general(rc: RunContext, operation: unknown, options: StepOptions | string | undefined) {
  const pending = runStep(rc, operation, options);
  const o = typeof options === "string" ? { name: options } : options;
  return tracked(rc, ...labelled(rc, o, pending));
}

// How a running step is named in a FloatingStepError: name, else key, else its step id. Called
// after the step was started, so `rc.counter` is its number.
function labelled<T>(rc: RunContext, o: Mapped, pending: Promise<T>): [string, Promise<T>] {
  return [o?.name ?? o?.key ?? `step_${rc.counter}`, pending];
}

/** @internal Creates the `step` object for one run: a fresh function with its seven helpers. */
export function createRunStep(rc: RunContext): RunStep<unknown> {
  // A cancellable run takes the general engine for every step: it alone watches the signal. Under
  // a workflow's cache and hooks, keyed steps take it too (it alone records them); unkeyed ones
  // still run fast. Choosing here once per run keeps these checks off the fast paths of plain runs.
  const step = (
    rc.signal !== undefined
      ? (operation: unknown, options?: StepOptions | string) => general(rc, operation, options)
      : rc.hooks !== undefined
        ? (operation: unknown, options?: StepOptions | string) =>
            canRunFast(options) && (typeof options !== "object" || options.key === undefined)
              ? runFastStep(rc, operation, options)
              : general(rc, operation, options)
        : (operation: unknown, options?: StepOptions | string) =>
            // `step(x)` with no options and no listener is checked first: it is most steps. (Race
            // contenders need their own settlement handlers: see internal/running.ts.)
            options === undefined && rc.onEvent === undefined && rc.openRaces === 0
              ? runUnobservedStep(rc, operation)
              : canRunFast(options)
                ? runFastStep(rc, operation, options)
                : general(rc, operation, options)
  ) as RunStep<unknown>;
  step.try = ((operation: unknown, opts: Mapped) =>
    tracked(
      rc,
      ...labelled(rc, opts, runMapped(rc, "step.try", operation, opts as never)),
    )) as RunStep<unknown>["try"];
  step.fromResult = ((operation: unknown, opts: Mapped) =>
    tracked(
      rc,
      ...labelled(rc, opts, runMapped(rc, "step.fromResult", operation, opts as never)),
    )) as RunStep<unknown>["fromResult"];
  step.retry = ((operation: unknown, o: never) =>
    general(rc, operation, retryStepOptions(o))) as RunStep<unknown>["retry"];
  step.withTimeout = ((operation: unknown, o: never) =>
    general(rc, operation, timeoutStepOptions(o))) as RunStep<unknown>["withTimeout"];
  step.parallel = ((first: unknown, second: unknown) =>
    typeof first === "string"
      ? tracked(rc, first, runScope(rc, "parallel", first, second))
      : tracked(
          rc,
          (second as { name?: string } | undefined)?.name ?? "parallel",
          runParallelNamed(rc, first as never, second as never),
        )) as RunStep<unknown>["parallel"];
  step.race = ((name: string, operation: unknown) =>
    tracked(rc, name, runScope(rc, "race", name, operation))) as RunStep<unknown>["race"];
  step.allSettled = ((name: string, operation: unknown) =>
    tracked(
      rc,
      name,
      runScope(rc, "allSettled", name, operation),
    )) as RunStep<unknown>["allSettled"];
  step.invalidate = (key) => invalidateStep(rc, key, rc.hooks?.cache, rc.hooks?.onStepInvalidated);
  step.recordCompensation = (compensation) =>
    recordCompensation(rc, compensation, rc.hooks?.onStepCompensation);
  step.patched = (id) => runPatched(rc, id, (key) => general(rc, patchMark, { key }));
  return step;
}

/** @internal Builds the per-run state from `run` options (a non-object counts as `{}`). */
export function createRunContext(options: unknown): RunContext {
  const o: AnyRunOptions = typeof options === "object" && options !== null ? options : {};
  assertSignal(o.signal, "run");
  if (o.aroundStep !== undefined && typeof o.aroundStep !== "function") {
    throw badInput("run", 'option "aroundStep"', "a function", o.aroundStep);
  }
  assertClock(o.clock, "run");
  const rc = new RunContext(
    // Only events carry the id: a run nobody listens to never pays for a UUID.
    o.workflowId ?? (o.onEvent ? randomUuid() : ""),
    o.context,
    o.onEvent,
    o.onError,
    o.catchUnexpected,
    o.signal,
    o.clock,
  );
  rc.aroundStep = o.aroundStep;
  return rc;
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
  const { signal } = rc;
  // Aborted before it began: the body never runs, so no step can start.
  if (signal?.aborted) return Promise.resolve(settleEscaped(rc, cancelExit(signal)));
  let returned: unknown;
  try {
    if (typeof fn !== "function") {
      throw badInput("run", "the workflow callback", "a function", fn);
    }
    returned = (fn as (step: RunStep<unknown>) => unknown)(step);
  } catch (escaped) {
    return settleNow(rc, escaped);
  }
  // With a signal the run stops waiting for the body when it aborts (its steps stop too).
  const body = signal === undefined ? Promise.resolve(returned) : untilAborted(signal, returned);
  return body.then(
    // A step failed while the body ran and the body returned anyway (it never awaited the step):
    // the run ends as if the body had awaited it.
    (value) =>
      rc.failure === undefined
        ? afterSteps(rc, rc.order === undefined ? ok(value) : orderedEnd(rc, ok(value), undefined))
        : escapedEnd(rc, rc.failure.reason),
    (escaped: unknown) => escapedEnd(rc, escaped),
  );
}

function escapedEnd(
  rc: RunContext,
  escaped: unknown,
): Result<unknown, unknown, unknown> | Promise<Result<unknown, unknown, unknown>> {
  return afterSteps(
    rc,
    rc.order === undefined ? settleEscaped(rc, escaped) : orderedEnd(rc, undefined, escaped),
  );
}

/**
 * A workflow run that records its keyed-step order ends in its drift when it drifted, whatever the
 * body made of the error (caught it, returned another failure), and in a drift when it finished
 * without asking for a recorded step.
 */
function orderedEnd(
  rc: RunContext,
  returned: Result<unknown, unknown, unknown> | undefined,
  escaped: unknown,
): Result<unknown, unknown, unknown> {
  const order = rc.order as NonNullable<RunContext["order"]>;
  const halted = order.halted;
  if (isWorkflowDriftError(halted)) return settleEscaped(rc, halted);
  if (returned === undefined) return settleEscaped(rc, escaped);
  const drifted = finishOrder(rc, order);
  return drifted === undefined ? returned : settleEscaped(rc, drifted);
}

/**
 * A run resolves only once every step it started has settled. A step still running when the body
 * returned a value is a bug (it was not awaited, its result or failure would be lost): the run
 * then fails with a FloatingStepError naming it. After a failure, the failure stands.
 */
function afterSteps(
  rc: RunContext,
  result: Result<unknown, unknown, unknown>,
): Result<unknown, unknown, unknown> | Promise<Result<unknown, unknown, unknown>> {
  const waiting = waitForRunning(rc);
  if (waiting === undefined) return result;
  return waiting.then((labels) =>
    result.ok ? settleEscaped(rc, new FloatingStepError(labels)) : result,
  );
}

/**
 * @internal Turns a value that escaped before or around the body into the run's Result, as if the
 * body had thrown it. A sync throw settles synchronously (onError runs before `run` returns).
 */
export function settleNow(
  rc: RunContext,
  escaped: unknown,
): Promise<Result<unknown, unknown, unknown>> {
  try {
    return Promise.resolve(settleEscaped(rc, escaped));
  } catch (mapperError) {
    return Promise.reject(mapperError);
  }
}

function settleEscaped(rc: RunContext, escaped: unknown): Result<unknown, unknown, unknown> {
  if (isMapperThrew(escaped)) throw escaped.thrown;
  // Cancellation is the caller's decision, not a failure: never mapped, wrapped or sent to onError.
  if (isCancelExit(escaped)) return err(escaped.error, { cause: escaped.error.reason });
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
  let rc: RunContext;
  try {
    rc = createRunContext(options);
  } catch (badOptions) {
    return Promise.reject(badOptions);
  }
  return executeRun(rc, fn, createRunStep(rc));
}

/**
 * Runs an async callback whose `step` unwraps Results; resolves to a Result in every normal case.
 * Without `onError`/`catchUnexpected` every failure is wrapped as an `UnexpectedError`.
 */
export const run: RunFn = Object.assign(runImpl as unknown as Omit<RunFn, "strict">, {
  strict: runImpl,
}) as RunFn;
