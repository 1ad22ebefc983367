import { badInput } from "../run/internal/bad-input";
import type { Result } from "../result/result";
import type { ResumeState, ResumeStateEntry, StepCache } from "./types";

type AnyResult = Result<unknown, unknown, unknown>;
type BeforeStep = (stepKey: string | undefined, workflowId: string, context: never) => void;
type AfterStep = (
  stepKey: string,
  result: AnyResult,
  workflowId: string,
  context: never,
  entry: ResumeStateEntry,
) => void | Promise<void>;
type Invalidated = (stepKey: string, workflowId: string, context: never) => void | Promise<void>;
type Resume = ResumeState | (() => ResumeState | Promise<ResumeState>);

/** @internal A workflow call's options, validated. */
export type CallOptions = {
  signal?: AbortSignal | undefined;
  context?: unknown;
  resumeState?: Resume | undefined;
  onBeforeStep?: BeforeStep | undefined;
  onAfterStep?: AfterStep | undefined;
  onStepInvalidated?: Invalidated | undefined;
};

/** @internal What a run takes from its workflow's options and its call's options together. */
export type RunHooks = {
  cache?: StepCache;
  resumeState?: Resume;
  onBeforeStep?: BeforeStep;
  onAfterStep?: AfterStep;
  onStepInvalidated?: Invalidated;
  onBeforeEvery?: BeforeStep;
};

const CALL_OPTIONS = [
  "signal",
  "context",
  "resumeState",
  "onBeforeStep",
  "onAfterStep",
  "onStepInvalidated",
] as const;
const HOOKS = ["onBeforeStep", "onAfterStep", "onStepInvalidated"] as const;
const WHERE = "workflow call";

/**
 * @internal Checks a call's options once, at the call: hooks must be functions, `resumeState` an
 * object or a loader, and (for plain-JS callers) every name must be known.
 */
export function validateCallOptions(options: unknown): CallOptions {
  if (typeof options !== "object" || options === null) {
    throw badInput(WHERE, "options", "an object", options);
  }
  const o = options as Record<string, unknown>;
  for (const name in o) {
    if (!(CALL_OPTIONS as readonly string[]).includes(name)) {
      throw new TypeError(
        `${WHERE}: unknown option "${name}" (did you mean "${closest(name)}"?); ` +
          `valid options are ${CALL_OPTIONS.join(", ")}`,
      );
    }
  }
  for (const name of HOOKS) {
    if (o[name] !== undefined && typeof o[name] !== "function") {
      throw badInput(WHERE, `option "${name}"`, "a function", o[name]);
    }
  }
  const resume = o.resumeState;
  if (
    resume !== undefined &&
    typeof resume !== "function" &&
    (typeof resume !== "object" || resume === null)
  ) {
    throw badInput(WHERE, 'option "resumeState"', "a ResumeState or a function", resume);
  }
  return o;
}

/**
 * @internal The workflow's options with one call's on top: the call's `resumeState` replaces the
 * workflow's (loaded into a cache of the call's own, so concurrent runs never share steps), and
 * each call hook runs after the workflow's hook of the same name.
 */
export function withCallOptions<O extends RunHooks>(opts: O, call: CallOptions): O {
  const { resumeState, onBeforeStep, onAfterStep, onStepInvalidated } = call;
  if (
    resumeState === undefined &&
    onBeforeStep === undefined &&
    onAfterStep === undefined &&
    onStepInvalidated === undefined
  ) {
    return opts;
  }
  const plan: O = { ...opts };
  if (resumeState !== undefined) {
    plan.resumeState = resumeState;
    delete plan.cache;
  }
  if (onBeforeStep !== undefined) plan.onBeforeEvery = onBeforeStep;
  const after = both(opts.onAfterStep, onAfterStep);
  if (after !== undefined) plan.onAfterStep = after;
  const invalidated = both(opts.onStepInvalidated, onStepInvalidated);
  if (invalidated !== undefined) plan.onStepInvalidated = invalidated;
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

// The known option nearest to a misspelt one (edit distance).
function closest(name: string): string {
  let best: string = CALL_OPTIONS[0];
  let bestDistance = Infinity;
  for (const candidate of CALL_OPTIONS) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}
