import { badInput } from "./internal/bad-input";
import { isEarlyExit, type StepFailureMeta } from "./early-exit";
import { cancelExit, untilAborted } from "./internal/cancel";
import type { RunContext } from "./internal/run-context";
import { emitStepAborted } from "./internal/step-events";
import { err, ok } from "../result/result";
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
    throw badInput(where, "options", "{ error } or { onError }", String(opts));
  }
  if ("error" in opts) return () => opts.error;
  const onError = opts.onError;
  if (typeof onError !== "function") {
    throw badInput(where, "options", "{ error } or { onError }", `onError = ${typeof onError}`);
  }
  return onError;
}

/** @internal `step.try`: a throw becomes the configured error. */
export async function runTry(rc: RunContext, operation: unknown, opts: Mapping): Promise<unknown> {
  const mapToError = toMapper(opts, "step.try");
  if (typeof operation !== "function") {
    throw badInput("step.try", "operation", "a function", typeof operation);
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
      if (rc.onEvent !== undefined) emitStepAborted(rc, id, id.started);
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
    throw badInput("step.fromResult", "operation", "a function", typeof operation);
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
      if (rc.onEvent !== undefined) emitStepAborted(rc, id, id.started);
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
