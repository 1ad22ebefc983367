import { badInput } from "../run/internal/bad-input";
import { uncaught } from "../result/errors";
import { assertSignal } from "../run/internal/cancel";
import { randomUuid } from "../run/internal/random-uuid";
import { RunContext } from "../run/internal/run-context";
import { ignore } from "../run/internal/running";
import type { Clock } from "../clock/clock";
import {
  emitGate,
  emitHookError,
  emitWorkflowEnd,
  emitWorkflowStart,
  now,
} from "../run/internal/step-events";
import type { AroundStep } from "../run/around-step";
import type { Result } from "../result/result";
import { createRunStep, executeRun, settleNow } from "../run/run";
import type { RunStep } from "../run/run-step";
import type { StepCache } from "../run/step-cache";
import { loadResumeState } from "./resume-state";
import { StepOrder } from "../run/internal/step-order";
import {
  assertOption,
  validateCallOptions,
  withCallOptions,
  type CallOptions,
  type RunHooks,
} from "./call-options";
import type {
  AnyResultFn,
  ErrorsOfDeps,
  Workflow,
  WorkflowContext,
  WorkflowOptions,
  WorkflowOptionsStrict,
  WorkflowStrict,
} from "./types";

type AnyResult = Result<unknown, unknown, unknown>;
type Gate = (workflowId: string, context: unknown) => unknown;
type AnyOptions = RunHooks & {
  strict?: boolean;
  catchUnexpected?: (cause: unknown) => unknown;
  onError?: (error: unknown, stepName: string | undefined, ctx: unknown) => void;
  onEvent?: (event: never, ctx: unknown) => void;
  createContext?: () => unknown;
  onBeforeStart?: Gate;
  shouldRun?: Gate;
  aroundStep?: AroundStep;
  clock?: Clock;
};

/**
 * Creates a reusable workflow whose error type is inferred from its dependencies.
 * @example
 * const checkout = createWorkflow({ fetchCart, chargeCard });
 * const result = await checkout(async (step, { fetchCart, chargeCard }) => {
 *   const cart = await step(() => fetchCart(id), { key: "cart" });
 *   return step(() => chargeCard(cart.total), { key: "charge", retry: { attempts: 3 } });
 * });
 * // result.error: errors of fetchCart | errors of chargeCard | UnexpectedError
 */
export function createWorkflow<const Deps extends Readonly<Record<string, AnyResultFn>>, C = void>(
  deps: Deps,
  options?: WorkflowOptions<ErrorsOfDeps<Deps>, C>,
): Workflow<ErrorsOfDeps<Deps>, Deps, C>;
export function createWorkflow<
  const Deps extends Readonly<Record<string, AnyResultFn>>,
  U,
  C = void,
>(
  deps: Deps,
  options: WorkflowOptionsStrict<ErrorsOfDeps<Deps>, U, C>,
): WorkflowStrict<ErrorsOfDeps<Deps>, U, Deps, C>;
export function createWorkflow(deps: Record<string, unknown>, options?: unknown): unknown {
  const opts = validate(deps, options);
  const strict = opts.strict === true;

  return function workflow(first: unknown, second?: unknown, third?: unknown): Promise<AnyResult> {
    const hasArgs = typeof second === "function";
    const fn = hasArgs ? second : first;
    let rc: RunContext;
    let ctx: WorkflowContext<unknown>;
    let plan: AnyOptions = opts;
    try {
      const given = hasArgs ? third : second;
      const call: CallOptions | undefined =
        given === undefined ? undefined : validateCallOptions(given);
      const signal = call?.signal;
      assertSignal(signal, "workflow call");
      const workflowId = randomUuid();
      const context = call?.context !== undefined ? call.context : opts.createContext?.();
      ctx = { workflowId, onEvent: opts.onEvent as WorkflowContext<unknown>["onEvent"], context };
      if (signal !== undefined) ctx.signal = signal;
      if (call !== undefined) plan = withCallOptions(opts, call);
      rc = new RunContext(
        workflowId,
        context,
        opts.onEvent as RunContext["onEvent"],
        strict ? opts.onError : (opts.onError ?? ignore),
        strict ? opts.catchUnexpected : undefined,
        signal,
        call?.clock ?? opts.clock,
      );
      rc.aroundStep = opts.aroundStep;
    } catch (setupError) {
      return Promise.reject(setupError);
    }
    const callback =
      typeof fn !== "function"
        ? fn
        : hasArgs
          ? (s: RunStep<unknown>) => (fn as (...a: unknown[]) => unknown)(s, deps, first, ctx)
          : (s: RunStep<unknown>) => (fn as (...a: unknown[]) => unknown)(s, deps, ctx);
    // Gates and resume state need awaits; without them an invocation is one synchronous setup plus
    // the run's own promise, so no async wrapper (and its extra promise) is paid per call.
    return plan.shouldRun !== undefined ||
      plan.onBeforeStart !== undefined ||
      plan.resumeState !== undefined
      ? gateThenExecute(rc, plan, callback)
      : execute(rc, plan, plan.cache, callback, startEvent(rc, rc.anchorMono));
  };
}

// The path with gates or resume state: each may await before the run starts.
async function gateThenExecute(
  rc: RunContext,
  opts: AnyOptions,
  callback: unknown,
): Promise<AnyResult> {
  // After a gate awaited, the run's anchor is no longer "now".
  const gated = opts.shouldRun !== undefined || opts.onBeforeStart !== undefined;
  if (opts.shouldRun !== undefined) {
    const stopped = await gate(rc, opts, opts.shouldRun, "shouldRun");
    if (stopped !== undefined) return stopped;
  }
  if (opts.onBeforeStart !== undefined) {
    const stopped = await gate(rc, opts, opts.onBeforeStart, "onBeforeStart");
    if (stopped !== undefined) return stopped;
  }
  let cache = opts.cache;
  if (opts.resumeState) {
    cache ??= new Map();
    // workflow_start comes before the resume state loads, as in the spec's event order.
    const started = startEvent(rc, gated ? now(rc) : rc.anchorMono);
    let order: StepOrder;
    try {
      const state =
        typeof opts.resumeState === "function" ? await opts.resumeState() : opts.resumeState;
      order = new StepOrder(loadResumeState(state, cache), state.runId);
    } catch (unusable) {
      // A failing loader or corrupt state ends the call as an err (ResumeStateError names the key).
      return finish(rc, started, settleNow(rc, unusable));
    }
    return execute(rc, opts, cache, callback, started, order);
  }
  return execute(rc, opts, cache, callback, startEvent(rc, now(rc)));
}

// Emits workflow_start (at monotonic time `at`) when someone listens; returns `at` for
// workflow_success/error.
function startEvent(rc: RunContext, at: number): number {
  if (rc.onEvent) emitWorkflowStart(rc, at);
  return at;
}

function execute(
  rc: RunContext,
  opts: AnyOptions,
  cache: StepCache | undefined,
  callback: unknown,
  started: number,
  order?: StepOrder,
): Promise<AnyResult> {
  if (
    cache !== undefined ||
    opts.onAfterStep !== undefined ||
    opts.onBeforeStep !== undefined ||
    opts.onBeforeEvery !== undefined ||
    opts.onStepInvalidated !== undefined ||
    opts.onStepCompensation !== undefined
  ) {
    rc.hooks = cache === opts.cache ? opts : { ...opts, cache };
    // Keyed steps under hooks record the order the body asks for them (and check it on resume).
    rc.order = order ?? new StepOrder(undefined, undefined);
  }
  return finish(rc, started, executeRun(rc, callback, createRunStep(rc)));
}

// Reports the call's outcome as workflow_success/workflow_error when someone listens.
function finish(rc: RunContext, started: number, result: Promise<AnyResult>): Promise<AnyResult> {
  if (!rc.onEvent) return result;
  return result.then((settled) => {
    emitWorkflowEnd(rc, started, settled);
    return settled;
  });
}

// Runs a gate hook; returns the Result that ends the invocation, or undefined to go on.
async function gate(
  rc: RunContext,
  opts: AnyOptions,
  hook: Gate,
  name: "shouldRun" | "onBeforeStart",
): Promise<AnyResult | undefined> {
  const type = name === "shouldRun" ? "hook_should_run" : "hook_before_start";
  const started = now(rc);
  try {
    const answer = await hook(rc.workflowId, rc.context);
    if (rc.onEvent) emitGate(rc, type, started, answer);
    return answer ? undefined : stop(opts, new Error(`Workflow skipped by ${name} hook`));
  } catch (hookError) {
    if (rc.onEvent) emitHookError(rc, `${type}_error`, started, hookError);
    return stop(opts, hookError);
  }
}

// A gate stop carries no `cause`; catchUnexpected (when given) maps the reason.
function stop(opts: AnyOptions, reason: unknown): AnyResult {
  return {
    ok: false,
    error: opts.catchUnexpected ? opts.catchUnexpected(reason) : uncaught(reason),
  };
}

const WHERE = "createWorkflow";

function validate(deps: unknown, options: unknown): AnyOptions {
  if (typeof deps !== "object" || deps === null) {
    throw badInput(WHERE, "deps", "an object of Result-returning functions", deps);
  }
  for (const [name, dep] of Object.entries(deps)) {
    if (typeof dep !== "function") {
      throw badInput(WHERE, `dependency "${name}"`, "a function", dep);
    }
  }
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw badInput(WHERE, "options", "an object", options);
  const opts = options as AnyOptions & Record<string, unknown>;
  for (const name in opts) assertOption(WHERE, name, opts[name]);
  if (opts.strict === true && typeof opts.catchUnexpected !== "function") {
    throw badInput(
      WHERE,
      'option "catchUnexpected"',
      "a function when strict is true",
      opts.catchUnexpected,
    );
  }
  const cache = opts.cache;
  if (
    cache !== undefined &&
    ["get", "set", "has"].some(
      (m) => typeof (cache as unknown as Record<string, unknown>)[m] !== "function",
    )
  ) {
    throw badInput(WHERE, 'option "cache"', "a Map-like { get, set, has }", cache);
  }
  return opts;
}
