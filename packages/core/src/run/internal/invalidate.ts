import type { StepCache } from "../step-cache";
import { badInput } from "./bad-input";
import type { RunContext } from "./run-context";
import { emitStepInvalidated } from "./step-events";
import type { StepCompensation } from "../run-step";

/** @internal The workflow's `onStepInvalidated` hook, as the run calls it. */
export type InvalidatedHook = (
  stepKey: string,
  workflowId: string,
  context: never,
) => void | Promise<void>;

/**
 * @internal `step.invalidate(key)`: the event first (collectors), then the cache, then the hook
 * (checkpointers), the order a completed step is recorded in (`step_complete`, cache, `onAfterStep`).
 */
export async function invalidateStep(
  rc: RunContext,
  stepKey: unknown,
  cache: StepCache | undefined,
  hook: InvalidatedHook | undefined,
): Promise<void> {
  if (typeof stepKey !== "string" || stepKey === "") {
    throw badInput("step.invalidate", "key", "a non-empty string", stepKey);
  }
  // Checked before anything is forgotten, so collectors and the cache never disagree.
  const remove = (cache as { delete?: unknown } | undefined)?.delete;
  if (cache !== undefined && typeof remove !== "function") {
    throw badInput("step.invalidate", "cache.delete", "a function", remove);
  }
  if (rc.onEvent) emitStepInvalidated(rc, stepKey);
  cache?.delete(stepKey);
  if (hook !== undefined) await hook(stepKey, rc.workflowId, rc.context as never);
}

/** @internal The workflow's `onStepCompensation` hook, as the run calls it. */
export type CompensationHook = (
  compensation: StepCompensation,
  workflowId: string,
  context: never,
) => void | Promise<void>;

/** @internal `step.recordCompensation(c)`: hands the compensation to the hook, if any. */
export async function recordCompensation(
  rc: RunContext,
  compensation: StepCompensation,
  hook: CompensationHook | undefined,
): Promise<void> {
  if (typeof compensation !== "object" || compensation === null) {
    throw badInput("step.recordCompensation", "compensation", "an object", compensation);
  }
  await hook?.(compensation, rc.workflowId, rc.context as never);
}
