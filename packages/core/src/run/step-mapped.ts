import { withinStep } from "./around-step";
import { badInput } from "./internal/bad-input";
import { isEarlyExit, type StepFailureMeta } from "./early-exit";
import { cancelExit, untilAborted } from "./internal/cancel";
import type { RunContext } from "./internal/run-context";
import { emitStepAborted } from "./internal/step-events";
import { err, ok, type Result } from "../result/result";
import type { StepIdentity } from "./internal/step-events";
import { hookedStep } from "./internal/step-hooks";
import {
  assertResult,
  beginStep,
  failStep,
  failStepWithThrown,
  succeedStep,
  wrapStepFailure,
} from "./step-settle";

// `step.try` and `step.fromResult`: steps whose failure is mapped into the workflow's error union.

type Operation = (signal?: AbortSignal) => unknown;

type Mapping = {
  error?: unknown;
  onError?: (from: unknown) => unknown;
  name?: string | undefined;
  key?: string | undefined;
};

function toMapper(opts: Mapping, where: string): (from: unknown) => unknown {
  if (typeof opts !== "object" || opts === null) {
    throw badInput(where, "options", "{ error } or { onError }", opts);
  }
  if ("error" in opts) return () => opts.error;
  if (typeof opts.onError !== "function") {
    throw badInput(where, "options", "{ error } or { onError }", opts);
  }
  return opts.onError;
}

/**
 * @internal `step.try` (`where` = "step.try": a throw becomes the configured error) and
 * `step.fromResult` (a Result error is mapped into the workflow's error union).
 */
export function runMapped(
  rc: RunContext,
  where: "step.try" | "step.fromResult",
  operation: unknown,
  opts: Mapping,
): Promise<unknown> {
  // Options that are not an object have no key: toMapper reports them once the step is entered.
  return hookedStep(rc, opts?.key, opts?.name, () => {
    const mapToError = toMapper(opts, where);
    if (typeof operation !== "function") {
      throw badInput(where, "operation", "a function", operation);
    }
    const { signal } = rc;
    if (signal?.aborted) throw cancelExit(signal);
    return mapped(rc, where, beginStep(rc, opts.key, opts.name), operation, mapToError);
  });
}

// The one attempt of a started mapped step.
async function mapped(
  rc: RunContext,
  where: "step.try" | "step.fromResult",
  id: StepIdentity,
  operation: unknown,
  mapToError: (from: unknown) => unknown,
): Promise<unknown> {
  const { signal } = rc;
  const isTry = where === "step.try";
  operation = withinStep(rc, id.stepId, operation);
  let value: unknown;
  try {
    value =
      signal === undefined
        ? await (operation as () => unknown)()
        : await untilAborted(signal, (operation as Operation)(signal));
    if (!isTry) assertResult(value, where);
  } catch (thrown) {
    if (isEarlyExit(thrown)) {
      if (rc.onEvent !== undefined) emitStepAborted(rc, id, id.started);
      throw thrown;
    }
    if (!isTry) return failStepWithThrown(rc, id, thrown);
    return failMapped(rc, id, mapToError(thrown), { origin: "throw", thrown }, thrown);
  }
  if (isTry) value = ok(value);
  const result = value as Result<unknown, unknown, unknown>;
  if (result.ok) {
    succeedStep(rc, id, ok(result.value));
    return result.value;
  }
  const error = result.error;
  return failMapped(rc, id, mapToError(error), { origin: "result", resultCause: error }, error);
}

// The mapped error fails the step; its `cause` is what was thrown or the original Result error.
function failMapped(
  rc: RunContext,
  id: StepIdentity,
  mapped: unknown,
  meta: StepFailureMeta,
  cause: unknown,
): never {
  return failStep(rc, id, mapped, wrapStepFailure(rc, mapped, meta), err(mapped, { cause }), meta);
}
