import { ok, type ResumeState } from "@awaitly/core";
import { isPendingApproval } from "./approval-errors";

/** Returns a copy of `state` in which `stepKey` replays as approved with `value`. */
export function injectApproval<T>(
  state: ResumeState,
  options: { stepKey: string; value: T },
): ResumeState {
  const steps = new Map(state.steps);
  steps.set(options.stepKey, { result: ok(options.value) });
  return { steps };
}

/** Returns a copy of `state` without `stepKey`, so that step executes again on resume. */
export function clearStep(state: ResumeState, stepKey: string): ResumeState {
  const steps = new Map(state.steps);
  steps.delete(stepKey);
  return { steps };
}

/** True when `stepKey` is recorded in `state` as a `PendingApproval` failure. */
export function hasPendingApproval(state: ResumeState, stepKey: string): boolean {
  const entry = state.steps.get(stepKey);
  if (entry === undefined || entry.result.ok) return false;
  return isPendingApproval(entry.result.error);
}

/** The step keys recorded in `state` as `PendingApproval` failures, in state order. */
export function getPendingApprovals(state: ResumeState): string[] {
  const keys: string[] = [];
  for (const [key, entry] of state.steps) {
    if (!entry.result.ok && isPendingApproval(entry.result.error)) keys.push(key);
  }
  return keys;
}
