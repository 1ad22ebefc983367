import { createEarlyExit, isEarlyExit } from "../run/early-exit";
import { isCancelExit } from "../run/internal/cancel";
import { claimKey, type RunContext } from "../run/internal/run-context";
import { emitAfterStep, emitCacheLookup, now } from "../run/internal/step-events";
import { tracked } from "../run/internal/running";
import { ok, type Result } from "../result/result";
import type { RunStep } from "../run/run-step";
import { retryStepOptions, timeoutStepOptions } from "../run/step";
import type { StepOptions } from "../run/step-options";
import { decodeCachedMeta, encodeCachedError } from "./cached-error";
import type { StepCache } from "./types";

type AnyResult = Result<unknown, unknown, unknown>;
type AfterStep = (
  stepKey: string,
  result: AnyResult,
  workflowId: string,
  context: never,
) => void | Promise<void>;

/**
 * @internal Wraps a run's `step` so keyed steps consult the cache before running, store their
 * outcome after, and report to `onAfterStep`. Unkeyed steps and scopes pass straight through.
 */
export function createCachedStep(
  rc: RunContext,
  core: RunStep<unknown>,
  cache: StepCache | undefined,
  onAfterStep: AfterStep | undefined,
  onBeforeStep?: (stepKey: string, workflowId: string, context: never) => void,
): RunStep<unknown> {
  const afterStep = async (stepKey: string, result: AnyResult): Promise<void> => {
    if (onAfterStep === undefined) return;
    const started = now(rc);
    try {
      await onAfterStep(stepKey, result, rc.workflowId, rc.context as never);
    } catch (hookError) {
      if (rc.onEvent) emitAfterStep(rc, stepKey, started, true, hookError);
      throw hookError;
    }
    if (rc.onEvent) emitAfterStep(rc, stepKey, started, false, undefined);
  };

  // The promise the body gets for a keyed step is this one (the engine's is awaited inside).
  const keyed = (
    stepKey: string,
    name: string | undefined,
    execute: () => Promise<unknown>,
  ): Promise<unknown> => tracked(rc, name ?? stepKey, cachedOrRun(stepKey, name, execute));

  const cachedOrRun = async (
    stepKey: string,
    name: string | undefined,
    execute: () => Promise<unknown>,
  ): Promise<unknown> => {
    claimKey(rc, stepKey, name);
    if (cache !== undefined) {
      const has = cache.has(stepKey);
      if (typeof has !== "boolean") {
        throw new TypeError(
          `cache.has("${stepKey}") must return a boolean synchronously, got ${typeof has}`,
        );
      }
      if (has) {
        if (rc.onEvent) emitCacheLookup(rc, true, stepKey, name);
        const cached = cache.get(stepKey);
        if (typeof cached !== "object" || cached === null) {
          throw new TypeError(
            `cache.get("${stepKey}") returned ${String(cached)} after has() said true`,
          );
        }
        if (cached.ok) return cached.value;
        throw createEarlyExit(cached.error, decodeCachedMeta(cached.cause));
      }
      if (rc.onEvent) emitCacheLookup(rc, false, stepKey, name);
    }
    // Synchronous on purpose: nothing may run between this check and the step's start.
    onBeforeStep?.(stepKey, rc.workflowId, rc.context as never);
    let value: unknown;
    try {
      value = await execute();
    } catch (thrown) {
      // A cancelled step did not finish: nothing to cache or checkpoint, so a resume runs it.
      if (isEarlyExit(thrown) && !isCancelExit(thrown)) {
        const encoded = encodeCachedError(thrown.error, thrown.meta);
        cache?.set(stepKey, encoded);
        await afterStep(stepKey, encoded);
      }
      throw thrown;
    }
    const success = ok(value);
    cache?.set(stepKey, success);
    await afterStep(stepKey, success);
    return value;
  };

  const step = ((operation: unknown, options?: StepOptions | string) => {
    const opts = typeof options === "object" && options !== null ? options : undefined;
    const key = opts?.key;
    if (!key) return core(operation as never, options);
    return keyed(key, opts.name, () => core(operation as never, options));
  }) as RunStep<unknown>;

  type Mapped = { key?: string | undefined; name?: string | undefined };
  step.try = ((operation: () => unknown, opts: Mapped) =>
    opts?.key
      ? keyed(opts.key, opts.name, () => core.try(operation, opts as never))
      : core.try(operation, opts as never)) as unknown as RunStep<unknown>["try"];
  step.fromResult = ((operation: () => unknown, opts: Mapped) =>
    opts?.key
      ? keyed(opts.key, opts.name, () => core.fromResult(operation as never, opts as never))
      : core.fromResult(
          operation as never,
          opts as never,
        )) as unknown as RunStep<unknown>["fromResult"];
  step.retry = ((operation: never, o: never) =>
    step(operation, retryStepOptions(o))) as RunStep<unknown>["retry"];
  step.withTimeout = ((operation: never, o: never) =>
    step(operation, timeoutStepOptions(o))) as RunStep<unknown>["withTimeout"];
  step.parallel = core.parallel;
  step.race = core.race;
  step.allSettled = core.allSettled;
  return step;
}
