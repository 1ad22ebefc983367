import { badInput } from "../run/internal/bad-input";
import { assertKnownOptions } from "./known-options";
import type { BeforeStep, StepHooks } from "../run/internal/step-hooks";
import { assertClock } from "../clock/resolve-clock";
import type { Clock } from "../clock/clock";
import type { ResumeState } from "./types";

type Resume = ResumeState | (() => ResumeState | Promise<ResumeState>);

/** @internal A workflow call's options, validated. */
export type CallOptions = {
  signal?: AbortSignal | undefined;
  context?: unknown;
  resumeState?: Resume | undefined;
  onBeforeStep?: BeforeStep | undefined;
  onAfterStep?: StepHooks["onAfterStep"];
  onStepInvalidated?: StepHooks["onStepInvalidated"];
  onStepCompensation?: StepHooks["onStepCompensation"];
  clock?: Clock | undefined;
};

/** @internal What a run takes from its workflow's options and its call's options together. */
export type RunHooks = StepHooks & { resumeState?: Resume | undefined };

const CALL_OPTIONS = [
  "signal",
  "context",
  "resumeState",
  "onBeforeStep",
  "onAfterStep",
  "onStepInvalidated",
  "onStepCompensation",
  "clock",
];

/**
 * @internal Checks one hook, `resumeState` or `clock` option of a workflow or a call: a hook must
 * be a function, `resumeState` a ResumeState object or a loader, `clock` a Clock. Other names pass.
 */
export function assertOption(where: string, name: string, value: unknown): void {
  if (name === "clock") assertClock(value, where);
  if (
    value === undefined ||
    !/^(on[A-Z]|shouldRun$|createContext$|catchUnexpected$|resumeState$|aroundStep$)/.test(name)
  )
    return;
  const resume = name === "resumeState";
  if (typeof value !== "function" && (!resume || typeof value !== "object" || value === null)) {
    throw badInput(
      where,
      `option "${name}"`,
      resume ? "a ResumeState or a function" : "a function",
      value,
    );
  }
}

/**
 * @internal Checks a call's options once, at the call: hooks must be functions, `resumeState` an
 * object or a loader, and (for plain-JS callers) every name must be known.
 */
export function validateCallOptions(options: unknown): CallOptions {
  const where = "workflow call";
  if (typeof options !== "object" || options === null) {
    throw badInput(where, "options", "an object", options);
  }
  assertKnownOptions(where, options, CALL_OPTIONS);
  for (const name in options) assertOption(where, name, (options as Record<string, unknown>)[name]);
  return options;
}

/**
 * @internal The workflow's options with one call's on top: the call's `resumeState` replaces the
 * workflow's (loaded into a cache of the call's own, so concurrent runs never share steps), and
 * each call hook runs after the workflow's hook of the same name.
 */
export function withCallOptions<O extends RunHooks>(opts: O, call: CallOptions): O {
  const plan: O = {
    ...opts,
    onBeforeEvery: call.onBeforeStep,
    onAfterStep: both(opts.onAfterStep, call.onAfterStep),
    onStepInvalidated: both(opts.onStepInvalidated, call.onStepInvalidated),
    onStepCompensation: both(opts.onStepCompensation, call.onStepCompensation),
  };
  if (call.resumeState !== undefined) {
    plan.resumeState = call.resumeState;
    plan.cache = undefined;
  }
  return plan;
}

// The workflow's hook, then the call's, each awaited.
function both<A extends unknown[]>(
  first: ((...args: A) => void | Promise<void>) | undefined,
  second: ((...args: A) => void | Promise<void>) | undefined,
): ((...args: A) => void | Promise<void>) | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  return async (...args) => {
    await first(...args);
    await second(...args);
  };
}
