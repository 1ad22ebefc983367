import { withinStep } from "./around-step";
import type { RunContext } from "./internal/run-context";
import { cancelExit, sleepUnlessAborted, untilAborted } from "./internal/cancel";
import {
  emitRetriesExhausted,
  emitStepAborted,
  emitStepRetry,
  now,
  type StepIdentity,
} from "./internal/step-events";
import type { Result } from "../result/result";
import { retryDelay, toRetryPolicy, type RetryPolicy } from "./retry-delay";
import { hydrate } from "../result/hydrate";
import { attemptThrew, beginStep, failStepWithThrown, label, settleResult } from "./step-settle";
import type { RetryOptions, StepOptions, TimeoutOptions } from "./step-options";
import { assertTimeoutOptions, runWithTimeout } from "./timeout";
import { hookedStep } from "./internal/step-hooks";

type AnyResult = Result<unknown, unknown, unknown>;
type Operation = (signal?: AbortSignal) => AnyResult | Promise<AnyResult>;

// A started Promise or a Result can be neither re-run nor cut short: say how to fix the call.
const needsFunction = (option: string) =>
  new Error(`step: ${option} options require a function operation (a Promise or Result runs once)`);

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

/**
 * @internal The step engine: `step(operationOrResult, options)` with retry, timeout and
 * cancellation. `step.retry` and `step.withTimeout` are this with options; single-attempt steps of
 * runs without a signal take its synchronous branch in step-fast.ts, settling through the same
 * functions (step-settle.ts).
 */
export function runStep(
  rc: RunContext,
  operation: unknown,
  options: StepOptions | string | undefined,
): Promise<unknown> {
  const { name, key, retry, timeout }: StepOptions =
    typeof options === "string" ? { name: options } : (options ?? {});
  return hookedStep(rc, key, name, () => {
    const isFunction = typeof operation === "function";
    if (!isFunction) {
      if (retry && retry.attempts > 1) throw needsFunction("retry");
      if (timeout) throw needsFunction("timeout");
    }
    const where = label(name, key);
    const policy: RetryPolicy | undefined = retry ? toRetryPolicy(retry, where) : undefined;
    if (timeout) assertTimeoutOptions(timeout, where);
    const { signal } = rc;
    if (signal?.aborted) throw cancelExit(signal);
    return attempts(rc, beginStep(rc, key, name), operation, policy, timeout);
  });
}

// The attempts of a started step, retried by its policy.
async function attempts(
  rc: RunContext,
  id: StepIdentity,
  operation: unknown,
  policy: RetryPolicy | undefined,
  timeout: TimeoutOptions | undefined,
): Promise<unknown> {
  const { signal } = rc;
  const isFunction = typeof operation === "function";
  operation = withinStep(rc, id.stepId, operation);
  const maxAttempts = policy ? policy.attempts : 1;
  const name = id.name;
  const key = id.stepKey;
  for (let attempt = 1; ; attempt++) {
    const attemptStarted = attempt === 1 ? id.started : rc.onEvent !== undefined ? now(rc) : 0;
    let result: unknown;
    try {
      const pending = !isFunction
        ? (operation as AnyResult | Promise<AnyResult>)
        : timeout
          ? runWithTimeout(
              operation as Operation,
              timeout,
              { stepName: name, stepKey: key, timeoutMs: timeout.ms, attempt },
              signal,
              rc.timers,
            )
          : signal !== undefined
            ? (operation as Operation)(signal)
            : (operation as Operation)();
      result = signal === undefined ? await pending : await untilAborted(signal, pending);
    } catch (caught) {
      const thrown = attemptThrew(rc, id, caught, attemptStarted, attempt, timeout?.ms);
      if (await retried(rc, id, policy, maxAttempts, attempt, thrown, attemptStarted)) continue;
      return failStepWithThrown(rc, id, thrown);
    }
    // A non-Result is never retried: settleResult reports it.
    const r = hydrate(result);
    if (
      r?.ok === false &&
      (await retried(rc, id, policy, maxAttempts, attempt, r.error, attemptStarted))
    ) {
      continue;
    }
    return settleResult(rc, id, result);
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
    if (rc.onEvent !== undefined) emitStepRetry(rc, id, attempt + 1, attempts, delayMs, error);
    policy.onRetry?.(error, attempt, delayMs);
    try {
      await sleepUnlessAborted(delayMs, rc.signal, rc.timers);
    } catch (cancelled) {
      if (rc.onEvent !== undefined) emitStepAborted(rc, id, attemptStarted);
      throw cancelled;
    }
    return true;
  }
  if (attempts > 1 && rc.onEvent !== undefined) emitRetriesExhausted(rc, id, attempt, error);
  return false;
}
