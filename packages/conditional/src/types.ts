import type { WorkflowEvent } from "@awaitly/core";

/** Labels for the `step_skipped` event; they never reach the operation. */
export type ConditionalOptions = {
  /** Copied to the event's `name`. Defaults to `undefined`. */
  name?: string | undefined;
  /** Copied to the event's `stepKey`. Defaults to `undefined`. */
  key?: string | undefined;
  /** Copied to the event's `reason`. Defaults to `undefined`. */
  reason?: string | undefined;
};

/** Where skip events go: a `createWorkflow` callback's `ctx` has this shape and can be passed as is. */
export type ConditionalContext<C = unknown> = {
  workflowId: string;
  onEvent?: ((event: WorkflowEvent<unknown, C>) => void) | undefined;
  context?: C | undefined;
};
