import { badInput } from "../run/internal/bad-input";
import { causeOfMeta, createEarlyExit, isEarlyExit } from "../run/early-exit";
import { isCancelExit } from "../run/internal/cancel";
import { invalidateStep, type InvalidatedHook } from "../run/internal/invalidate";
import { claimKey, type RunContext } from "../run/internal/run-context";
import { emitAfterStep, emitCacheLookup, now } from "../run/internal/step-events";
import { tracked } from "../run/internal/running";
import { ok, type Result } from "../result/result";
import type { RunStep } from "../run/run-step";
import type { StepOptions } from "../run/step-options";
import { decodeCachedMeta, encodeCachedError } from "./cached-error";
import type { ResumeStateEntry, StepCache } from "./types";

type AnyResult = Result<unknown, unknown, unknown>;
type AfterStep = (
  stepKey: string,
  result: AnyResult,
  workflowId: string,
  context: never,
  entry: ResumeStateEntry,
) => void | Promise<void>;
type BeforeStep = (stepKey: string | undefined, workflowId: string, context: never) => void;

/**
 * @internal Wraps a run's `step` so keyed steps consult the cache before running, store their
 * outcome after, and report to `onAfterStep`; `invalidate` deletes from the cache and reports to
 * `onStepInvalidated`. `onBeforeStep` runs before keyed steps (not on cache hits), `onBeforeEvery`
 * (a call's hook) before every step and scope. Unkeyed steps and scopes otherwise pass through.
 */
export function createCachedStep(
  rc: RunContext,
  core: RunStep<unknown>,
  cache: StepCache | undefined,
  onAfterStep: AfterStep | undefined,
  onBeforeStep?: BeforeStep,
  onStepInvalidated?: InvalidatedHook,
  onBeforeEvery?: BeforeStep,
): RunStep<unknown> {
  const afterStep = async (
    stepKey: string,
    result: AnyResult,
    entry: ResumeStateEntry,
  ): Promise<void> => {
    if (onAfterStep === undefined) return;
    const started = now(rc);
    try {
      await onAfterStep(stepKey, result, rc.workflowId, rc.context as never, entry);
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
        throw badInput(`cache.has("${stepKey}")`, "the answer", "a boolean, synchronously", has);
      }
      if (rc.onEvent) emitCacheLookup(rc, has, stepKey, name);
      if (has) {
        const cached = cache.get(stepKey);
        if (typeof cached !== "object" || cached === null) {
          throw badInput(
            `cache.get("${stepKey}")`,
            "the answer",
            "a Result (has() said true)",
            cached,
          );
        }
        if (cached.ok) return cached.value;
        throw createEarlyExit(cached.error, decodeCachedMeta(cached.cause));
      }
    }
    // Synchronous on purpose: nothing may run between this check and the step's start.
    onBeforeStep?.(stepKey, rc.workflowId, rc.context as never);
    onBeforeEvery?.(stepKey, rc.workflowId, rc.context as never);
    let outcome: AnyResult;
    let entry: ResumeStateEntry;
    let exit: unknown;
    try {
      outcome = ok(await execute());
      entry = { result: outcome, meta: undefined };
    } catch (thrown) {
      // A cancelled step did not finish: nothing to cache or checkpoint, so a resume runs it.
      if (!isEarlyExit(thrown) || isCancelExit(thrown)) throw thrown;
      exit = thrown;
      outcome = encodeCachedError(thrown.error, thrown.meta);
      entry = {
        result: { ok: false, error: thrown.error, cause: causeOfMeta(thrown.meta) },
        meta: thrown.meta,
      };
    }
    cache?.set(stepKey, outcome);
    await afterStep(stepKey, outcome, entry);
    if (outcome.ok) return outcome.value;
    throw exit;
  };

  // A call's onBeforeStep before an unkeyed step or a scope: a throw fails that step's promise.
  type Form = (operation: never, options: never) => Promise<unknown>;
  const beforeUnkeyed =
    (form: Form): Form =>
    (operation, options) => {
      try {
        (onBeforeEvery as BeforeStep)(undefined, rc.workflowId, rc.context as never);
      } catch (hookError) {
        return Promise.reject(hookError);
      }
      return form(operation, options);
    };
  const plain = (form: Form): Form => (onBeforeEvery === undefined ? form : beforeUnkeyed(form));

  // Every form with a `key` goes through the cache; without one it is the run's own form.
  const withCache = (form: Form): Form => {
    const unkeyed = plain(form);
    return (operation, options) => {
      const o = options as StepOptions | string | undefined;
      const key = typeof o === "object" && o !== null ? o.key : undefined;
      return key
        ? keyed(key, (o as StepOptions).name, () => form(operation, options))
        : unkeyed(operation, options);
    };
  };
  const step = withCache(core) as RunStep<unknown>;
  step.try = withCache(core.try) as RunStep<unknown>["try"];
  step.fromResult = withCache(core.fromResult) as RunStep<unknown>["fromResult"];
  step.retry = withCache(core.retry) as RunStep<unknown>["retry"];
  step.withTimeout = withCache(core.withTimeout) as RunStep<unknown>["withTimeout"];
  step.parallel = plain(core.parallel) as RunStep<unknown>["parallel"];
  step.race = plain(core.race) as RunStep<unknown>["race"];
  step.allSettled = plain(core.allSettled) as RunStep<unknown>["allSettled"];
  step.invalidate = (key) => invalidateStep(rc, key, cache, onStepInvalidated);
  return step;
}
