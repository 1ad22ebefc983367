import { badInput } from "./bad-input";
import { decodeCachedMeta, toCached } from "./cached-error";
import { isCancelExit } from "./cancel";
import { causeOfMeta, createEarlyExit, isEarlyExit } from "../early-exit";
import { err, ok, type Result } from "../../result/result";
import { claimKey, type RunContext } from "./run-context";
import type { ResumeStateEntry, StepCache } from "../step-cache";
import { emitAfterStep, emitCacheLookup, now } from "./step-events";
import type { CompensationHook, InvalidatedHook } from "./invalidate";
import { askStep, confirmStep, type StepOrder } from "./step-order";

type AnyResult = Result<unknown, unknown, unknown>;
/** @internal A call's `onBeforeStep` (every step; `undefined` key for unkeyed steps and scopes). */
export type BeforeStep = (stepKey: string | undefined, workflowId: string, context: never) => void;
/** @internal The workflow's `onBeforeStep` (keyed steps only). */
export type BeforeKeyedStep = (stepKey: string, workflowId: string, context: never) => void;
/** @internal `onAfterStep`, as the run calls it. */
export type AfterStep = (
  stepKey: string,
  result: AnyResult,
  workflowId: string,
  context: never,
  entry: ResumeStateEntry,
) => void | Promise<void>;

/**
 * @internal A workflow's keyed-step cache and step hooks, as one run sees them (the workflow's
 * and its call's together, named as the workflow's options name them). `run()` has none.
 */
export type StepHooks = {
  cache?: StepCache | undefined;
  /** The workflow's `onBeforeStep`: keyed steps only. */
  onBeforeStep?: BeforeKeyedStep | undefined;
  /** A call's `onBeforeStep`: every step and scope. */
  onBeforeEvery?: BeforeStep | undefined;
  onAfterStep?: AfterStep | undefined;
  onStepInvalidated?: InvalidatedHook | undefined;
  onStepCompensation?: CompensationHook | undefined;
};

/**
 * @internal What stops a drift check's replay at the first step the record does not hold (the
 * code's new territory): the run ends there, nothing runs.
 */
export const REPLAY_END: unique symbol = Symbol("awaitly.replay-end");

/**
 * @internal How every step starts, before its identity: claims its key (collisions throw), and
 * under a workflow's hooks returns the cached Result of a keyed step (a hit: the step does not
 * run) or calls `onBeforeStep`. Synchronous on purpose: nothing may run between the hook and the
 * step's start.
 */
export function enterStep(
  rc: RunContext,
  key: string | undefined,
  name: string | undefined,
): AnyResult | typeof AFTER_TURN | undefined {
  if (key !== undefined) claimKey(rc, key, name);
  const hooks = rc.hooks;
  if (hooks === undefined) return undefined;
  const order = rc.order;
  // After a drift (or the end of a replay) no step starts, even one the body caught its way to.
  if (order?.halted !== undefined) throw order.halted;
  if (key !== undefined && order !== undefined && askStep(rc, order, key)) return AFTER_TURN;
  return openStep(rc, hooks, key, name);
}

// The rest of entering a step once its place in the order is settled: the cache, then the hooks.
function openStep(
  rc: RunContext,
  hooks: StepHooks,
  key: string | undefined,
  name: string | undefined,
): AnyResult | undefined {
  if (key !== undefined) {
    const hit = lookup(rc, hooks.cache, key, name);
    if (hit !== undefined) return hit;
    if (rc.order?.replay === true) throw (rc.order.halted = REPLAY_END);
    hooks.onBeforeStep?.(key, rc.workflowId, rc.context as never);
  }
  hooks.onBeforeEvery?.(key, rc.workflowId, rc.context as never);
  return undefined;
}

/** @internal `enterStep`'s answer for a step whose start waits for the end of the turn. */
export const AFTER_TURN: unique symbol = Symbol("awaitly.after-turn");

function lookup(
  rc: RunContext,
  cache: StepCache | undefined,
  key: string,
  name: string | undefined,
): AnyResult | undefined {
  if (cache === undefined) return undefined;
  const has = cache.has(key);
  if (typeof has !== "boolean") {
    throw badInput(`cache.has("${key}")`, "the answer", "a boolean, synchronously", has);
  }
  if (rc.onEvent) emitCacheLookup(rc, has, key, name);
  if (!has) return undefined;
  const cached = cache.get(key);
  if (typeof cached !== "object" || cached === null) {
    throw badInput(`cache.get("${key}")`, "the answer", "a Result (has() said true)", cached);
  }
  return cached;
}

/**
 * @internal How the async step forms (the engine, `step.try`/`fromResult`) run: enter the step,
 * then `start` it (validation, identity, attempts) unless the cache had it, then record a keyed
 * outcome under the workflow's hooks. Whatever throws becomes the step's rejection.
 */
export function hookedStep(
  rc: RunContext,
  key: string | undefined,
  name: string | undefined,
  start: () => Promise<unknown>,
): Promise<unknown> {
  let pending: Promise<unknown>;
  try {
    const hit = enterStep(rc, key, name);
    if (hit !== undefined && hit !== AFTER_TURN) return replayed(hit);
    pending = hit === undefined ? start() : afterTurn(rc, key as string, name, start);
  } catch (thrown) {
    return Promise.reject(thrown);
  }
  return key !== undefined && rc.hooks !== undefined
    ? recordStep(rc, rc.hooks, key, pending)
    : pending;
}

// A cached outcome, as the step first ended.
function replayed(hit: AnyResult): Promise<unknown> {
  if (hit.ok) return Promise.resolve(hit.value);
  // A cached failure replays as the early exit the step made at first.
  throw createEarlyExit(hit.error, decodeCachedMeta(hit.cause));
}

// A new step that may belong to the next recorded group starts once the turn that asked for it is
// over, if the order allows it then (see askStep).
async function afterTurn(
  rc: RunContext,
  key: string,
  name: string | undefined,
  start: () => Promise<unknown>,
): Promise<unknown> {
  await Promise.resolve();
  confirmStep(rc, rc.order as StepOrder, key);
  const hit = openStep(rc, rc.hooks as StepHooks, key, name);
  return hit === undefined ? start() : replayed(hit);
}

/**
 * @internal After a keyed step under a workflow's hooks: caches its outcome and awaits
 * `onAfterStep` with it and with the entry a resume replays. A cancelled step, or one that threw
 * in a non-strict run, did not finish: nothing is cached or checkpointed, so a resume runs it.
 */
async function recordStep(
  rc: RunContext,
  hooks: StepHooks,
  key: string,
  pending: Promise<unknown>,
): Promise<unknown> {
  let entry: ResumeStateEntry;
  let exit: unknown;
  try {
    entry = { result: ok(await pending), meta: undefined };
  } catch (thrown) {
    if (!isEarlyExit(thrown) || isCancelExit(thrown)) throw thrown;
    exit = thrown;
    entry = { result: err(thrown.error, { cause: causeOfMeta(thrown.meta) }), meta: thrown.meta };
  }
  const order = rc.order?.assigned.get(key);
  if (order !== undefined) entry.order = order;
  const outcome = toCached(entry.result, entry.meta);
  hooks.cache?.set(key, outcome);
  const hook = hooks.onAfterStep;
  if (hook !== undefined) {
    const started = now(rc);
    try {
      await hook(key, outcome, rc.workflowId, rc.context as never, entry);
    } catch (hookError) {
      if (rc.onEvent) emitAfterStep(rc, key, started, true, hookError);
      throw hookError;
    }
    if (rc.onEvent) emitAfterStep(rc, key, started, false, undefined);
  }
  if (outcome.ok) return outcome.value;
  throw exit;
}
