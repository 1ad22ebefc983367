import { hasType, isUnexpectedError } from "@awaitly/core";

// Bugs in the workflow's code that core reports: a step not awaited, one key for two steps, a
// body that no longer matches its checkpoints. A retry replays the same code: it cannot fix them.
const MISUSE_TYPES = ["FLOATING_STEP", "STEP_KEY_COLLISION", "WORKFLOW_DRIFT"] as const;

/**
 * @internal The misuse error (a `FloatingStepError`, `StepKeyCollisionError` or core's
 * `WorkflowDriftError`, matched by `type`) a run's error carries, if any.
 */
export function misuseOf(error: unknown): Error | undefined {
  const thrown = isUnexpectedError(error)
    ? ((error.cause as { thrown?: unknown }).thrown ?? error.cause)
    : error;
  return thrown instanceof Error && MISUSE_TYPES.some((type) => hasType(thrown, type))
    ? thrown
    : undefined;
}
