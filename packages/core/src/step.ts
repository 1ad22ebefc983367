import { createEarlyExit, isEarlyExit, type StepFailureMeta } from "./early-exit";
import { isUnexpectedError, uncaught, type UnexpectedError } from "./errors";
import { cancelExit, sleepUnlessAborted, untilAborted } from "./internal/cancel";
import {
  claimKey,
  emit,
  mapUnexpected,
  now,
  type RunContext,
  type Scope,
} from "./internal/run-context";
import { err, ok, type Result } from "./result";
import { retryDelay, sleep, toRetryPolicy, type RetryPolicy } from "./retry-delay";
import type { RetryOptions, StepOptions, TimeoutOptions } from "./step-options";
import {
  assertTimeoutOptions,
  getStepTimeoutMeta,
  isStepTimeoutError,
  runWithTimeout,
  TimeoutHit,
} from "./timeout";

type AnyResult = Result<unknown, unknown, unknown>;
type Operation = (signal?: AbortSignal) => AnyResult | Promise<AnyResult>;

/** @internal Identity of one step call, fixed when the step is called. */
export interface StepIdentity {
  stepId: string;
  stepKey: string | undefined;
  name: string | undefined;
  started: number;
  owner: Scope | undefined;
}

const RETRY_NEEDS_FUNCTION =
  "step: retry options require a function operation. Direct Promise/Result values cannot be re-executed on retry. Wrap your operation in a function: step(() => yourOperation, { retry: {...} })";
const TIMEOUT_NEEDS_FUNCTION =
  "step: timeout options require a function operation. Direct Promise/Result values cannot be wrapped with timeout after they've started. Wrap your operation in a function: step(() => yourOperation, { timeout: {...} })";

/** @internal How error messages name a step. */
export const label = (name: string | undefined, key: string | undefined): string =>
  name !== undefined ? `step "${name}"` : key !== undefined ? `step "${key}"` : "step";

/** @internal Assigns the step id (in call order) and emits `step_start`. */
export function beginStep(
  rc: RunContext,
  key: string | undefined,
  name: string | undefined,
): StepIdentity {
  if (key !== undefined) claimKey(rc, key, name);
  const n = ++rc.counter;
  const stepId = key ?? `step_${n}`;
  if (rc.onEvent === undefined) return { stepId, stepKey: key, name, started: 0, owner: undefined };
  const id: StepIdentity = { stepId, stepKey: key, name, started: now(), owner: rc.scope };
  emit(rc, {
    type: "step_start",
    workflowId: rc.workflowId,
    stepId,
    stepKey: key,
    name,
    ts: Date.now(),
  });
  return id;
}

/** @internal Reports success (and the keyed `step_complete`), crediting the nearest race. */
export function succeedStep(rc: RunContext, id: StepIdentity, result: AnyResult): void {
  if (rc.onEvent === undefined) return;
  const durationMs = now() - id.started;
  let scope = id.owner;
  while (scope !== undefined && scope.type !== "race") scope = scope.parent;
  if (scope !== undefined && scope.winnerId === undefined) scope.winnerId = id.stepId;
  const { workflowId } = rc;
  const ts = Date.now();
  emit(rc, {
    type: "step_success",
    workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts,
    durationMs,
  });
  if (id.stepKey) {
    emit(rc, {
      type: "step_complete",
      workflowId,
      stepKey: id.stepKey,
      name: id.name,
      ts,
      durationMs,
      result,
    });
  }
}

/**
 * @internal Final handling of a failure the step turns into an early exit: `step_error`, the keyed
 * `step_complete`, `onError`, then the early exit itself.
 */
export function failStep(
  rc: RunContext,
  id: StepIdentity,
  error: unknown,
  eventError: unknown,
  completed: AnyResult,
  meta: StepFailureMeta,
): never {
  if (rc.onEvent !== undefined) {
    const durationMs = now() - id.started;
    const { workflowId } = rc;
    const ts = Date.now();
    emit(rc, {
      type: "step_error",
      workflowId,
      stepId: id.stepId,
      stepKey: id.stepKey,
      name: id.name,
      ts,
      durationMs,
      error: eventError,
    });
    if (id.stepKey) {
      emit(rc, {
        type: "step_complete",
        workflowId,
        stepKey: id.stepKey,
        name: id.name,
        ts,
        durationMs,
        result: completed,
        meta,
      });
    }
  }
  rc.onError?.(error, id.name, rc.context);
  throw createEarlyExit(error, meta);
}

/**
 * @internal An exception escaped the operation. Strict runs map it with `catchUnexpected` and exit
 * early; other runs report it as an `UnexpectedError` and rethrow the raw value for `run` to handle.
 */
export function failStepWithThrown(rc: RunContext, id: StepIdentity, thrown: unknown): never {
  const meta: StepFailureMeta = { origin: "throw", thrown };
  if (rc.mode === "strict") {
    const mapped = mapUnexpected(rc, thrown);
    failStep(rc, id, mapped, mapped, err(mapped, { cause: thrown }), meta);
  }
  if (rc.onEvent !== undefined) {
    const u = uncaught(thrown);
    const durationMs = now() - id.started;
    const { workflowId } = rc;
    emit(rc, {
      type: "step_error",
      workflowId,
      stepId: id.stepId,
      stepKey: id.stepKey,
      name: id.name,
      ts: Date.now(),
      durationMs,
      error: u,
    });
    if (id.stepKey) {
      emit(rc, {
        type: "step_complete",
        workflowId,
        stepKey: id.stepKey,
        name: id.name,
        ts: Date.now(),
        durationMs,
        result: err(u, { cause: thrown }),
        meta,
      });
    }
  }
  throw thrown;
}

/** @internal Reports that an early exit (a nested failure or a cancellation) unwound this step. */
export function abortStep(rc: RunContext, id: StepIdentity, attemptStarted: number): void {
  if (rc.onEvent === undefined) return;
  emit(rc, {
    type: "step_aborted",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: Date.now(),
    durationMs: now() - attemptStarted,
  });
}

/** @internal How a step failure appears in `step_error` when the run wraps failures. */
export function wrapStepFailure(rc: RunContext, error: unknown, meta: StepFailureMeta): unknown {
  if (rc.mode !== "wrap" || isUnexpectedError(error)) return error;
  const wrapped: UnexpectedError =
    meta.origin === "throw"
      ? {
          type: "UNEXPECTED_ERROR",
          cause: { type: "STEP_FAILURE", origin: "throw", error, thrown: meta.thrown },
        }
      : meta.resultCause === undefined
        ? { type: "UNEXPECTED_ERROR", cause: { type: "STEP_FAILURE", origin: "result", error } }
        : {
            type: "UNEXPECTED_ERROR",
            cause: { type: "STEP_FAILURE", origin: "result", error, cause: meta.resultCause },
          };
  return wrapped;
}

/** @internal A value that is not a Result is a programmer error, reported clearly instead of duck-typed. */
export function assertResult(value: unknown, where: string): asserts value is AnyResult {
  if (typeof value === "object" && value !== null) {
    const flag = (value as { ok?: unknown }).ok;
    if ((flag === true && "value" in value) || (flag === false && "error" in value)) return;
  }
  throw new TypeError(
    `${where}: the operation must return a Result ({ ok: true, value } or { ok: false, error }), got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object")
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  return (value as object).constructor?.name ?? "an object";
}

/** @internal Translates `step.retry` options into plain step options. */
export function retryStepOptions(
  o: RetryOptions & {
    name?: string | undefined;
    key?: string | undefined;
    timeout?: TimeoutOptions | undefined;
  },
): StepOptions {
  const { name, key, timeout, ...retry } = o;
  return { name, key, retry, timeout };
}

/** @internal Translates `step.withTimeout` options into plain step options. */
export function timeoutStepOptions(
  o: TimeoutOptions & { name?: string | undefined; key?: string | undefined },
): StepOptions {
  return { name: o.name, key: o.key, timeout: o };
}

/** @internal `step(operationOrResult, options)`: the one engine behind step, retry and withTimeout. */
export async function runStep(
  rc: RunContext,
  operation: unknown,
  options: StepOptions | string | undefined,
): Promise<unknown> {
  const opts: StepOptions | undefined = typeof options === "string" ? { name: options } : options;
  const name = opts?.name;
  const key = opts?.key;
  const retry = opts?.retry;
  const timeout = opts?.timeout;
  const isFunction = typeof operation === "function";
  if (!isFunction) {
    if (retry && retry.attempts > 1) throw new Error(RETRY_NEEDS_FUNCTION);
    if (timeout) throw new Error(TIMEOUT_NEEDS_FUNCTION);
  }
  const policy: RetryPolicy | undefined = retry
    ? toRetryPolicy(retry, label(name, key))
    : undefined;
  if (timeout) assertTimeoutOptions(timeout, label(name, key));
  const attempts = policy ? policy.attempts : 1;
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const id = beginStep(rc, key, name);

  for (let attempt = 1; ; attempt++) {
    const attemptStarted = attempt === 1 ? id.started : rc.onEvent !== undefined ? now() : 0;
    let result: unknown;
    try {
      const pending = !isFunction
        ? (operation as AnyResult | Promise<AnyResult>)
        : timeout
          ? runWithTimeout(
              operation as Operation,
              timeout,
              { stepName: name, stepKey: key, attempt },
              signal,
            )
          : signal !== undefined
            ? (operation as Operation)(signal)
            : (operation as Operation)();
      result = signal === undefined ? await pending : await untilAborted(signal, pending);
    } catch (caught) {
      if (isEarlyExit(caught)) {
        abortStep(rc, id, attemptStarted);
        throw caught;
      }
      const timedOut = caught instanceof TimeoutHit;
      const thrown = timedOut ? caught.error : caught;
      if ((timedOut || isStepTimeoutError(thrown)) && rc.onEvent !== undefined) {
        const timeoutMs = timeout?.ms ?? getStepTimeoutMeta(thrown)?.timeoutMs ?? 0;
        emit(rc, {
          type: "step_timeout",
          workflowId: rc.workflowId,
          stepId: id.stepId,
          stepKey: key,
          name,
          ts: Date.now(),
          timeoutMs,
          attempt,
        });
      }
      if (await retried(rc, id, policy, attempts, attempt, thrown, attemptStarted)) continue;
      return failStepWithThrown(rc, id, thrown);
    }
    try {
      assertResult(result, label(name, key));
    } catch (invalid) {
      return failStepWithThrown(rc, id, invalid);
    }
    if (result.ok) {
      succeedStep(rc, id, result);
      return result.value;
    }
    if (await retried(rc, id, policy, attempts, attempt, result.error, attemptStarted)) continue;
    const meta: StepFailureMeta = { origin: "result", resultCause: result.cause };
    return failStep(rc, id, result.error, wrapStepFailure(rc, result.error, meta), result, meta);
  }
}

// Sleeps and returns true when the failure of `attempt` is to be retried; otherwise reports exhaustion.
async function retried(
  rc: RunContext,
  id: StepIdentity,
  policy: RetryPolicy | undefined,
  attempts: number,
  attempt: number,
  error: unknown,
  attemptStarted: number,
): Promise<boolean> {
  if (policy === undefined) return false;
  if (attempt < attempts && (policy.retryOn === undefined || policy.retryOn(error, attempt))) {
    const delayMs = retryDelay(policy, attempt);
    if (rc.onEvent !== undefined) {
      emit(rc, {
        type: "step_retry",
        workflowId: rc.workflowId,
        stepId: id.stepId,
        stepKey: id.stepKey,
        name: id.name,
        ts: Date.now(),
        attempt: attempt + 1,
        maxAttempts: attempts,
        delayMs,
        error,
      });
    }
    policy.onRetry?.(error, attempt, delayMs);
    if (rc.signal === undefined) {
      await sleep(delayMs);
    } else {
      try {
        await sleepUnlessAborted(delayMs, rc.signal);
      } catch (cancelled) {
        abortStep(rc, id, attemptStarted);
        throw cancelled;
      }
    }
    return true;
  }
  if (attempts > 1 && rc.onEvent !== undefined) {
    emit(rc, {
      type: "step_retries_exhausted",
      workflowId: rc.workflowId,
      stepId: id.stepId,
      stepKey: id.stepKey,
      name: id.name,
      ts: Date.now(),
      durationMs: now() - id.started,
      attempts: attempt,
      lastError: error,
    });
  }
  return false;
}

type Mapping = {
  error?: unknown;
  onError?: (from: unknown) => unknown;
  name?: string | undefined;
  key?: string | undefined;
};

function toMapper(opts: Mapping, where: string): (from: unknown) => unknown {
  if (typeof opts !== "object" || opts === null) {
    throw new TypeError(`${where}: options must be { error } or { onError }, got ${String(opts)}`);
  }
  if ("error" in opts) return () => opts.error;
  const onError = opts.onError;
  if (typeof onError !== "function") {
    throw new TypeError(
      `${where}: options need an "error" value or an "onError" function, got onError = ${typeof onError}`,
    );
  }
  return onError;
}

/** @internal `step.try`: a throw becomes the configured error. */
export async function runTry(rc: RunContext, operation: unknown, opts: Mapping): Promise<unknown> {
  const mapToError = toMapper(opts, "step.try");
  if (typeof operation !== "function") {
    throw new TypeError(`step.try: operation must be a function, got ${typeof operation}`);
  }
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const id = beginStep(rc, opts.key, opts.name);
  let value: unknown;
  try {
    value =
      signal === undefined
        ? await (operation as () => unknown)()
        : await untilAborted(signal, (operation as Operation)(signal));
  } catch (thrown) {
    if (isEarlyExit(thrown)) {
      abortStep(rc, id, id.started);
      throw thrown;
    }
    const mapped = mapToError(thrown);
    const meta: StepFailureMeta = { origin: "throw", thrown };
    return failStep(
      rc,
      id,
      mapped,
      wrapStepFailure(rc, mapped, meta),
      err(mapped, { cause: thrown }),
      meta,
    );
  }
  succeedStep(rc, id, ok(value));
  return value;
}

/** @internal `step.fromResult`: a Result error is mapped into the workflow's error union. */
export async function runFromResult(
  rc: RunContext,
  operation: unknown,
  opts: Mapping,
): Promise<unknown> {
  const mapToError = toMapper(opts, "step.fromResult");
  if (typeof operation !== "function") {
    throw new TypeError(`step.fromResult: operation must be a function, got ${typeof operation}`);
  }
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const id = beginStep(rc, opts.key, opts.name);
  let result: unknown;
  try {
    result =
      signal === undefined
        ? await (operation as () => unknown)()
        : await untilAborted(signal, (operation as Operation)(signal));
    assertResult(result, "step.fromResult");
  } catch (thrown) {
    if (isEarlyExit(thrown)) {
      abortStep(rc, id, id.started);
      throw thrown;
    }
    return failStepWithThrown(rc, id, thrown);
  }
  if (result.ok) {
    succeedStep(rc, id, ok(result.value));
    return result.value;
  }
  const mapped = mapToError(result.error);
  const meta: StepFailureMeta = { origin: "result", resultCause: result.error };
  return failStep(
    rc,
    id,
    mapped,
    wrapStepFailure(rc, mapped, meta),
    err(mapped, { cause: result.error }),
    meta,
  );
}
