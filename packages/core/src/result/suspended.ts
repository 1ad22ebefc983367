import { hasType } from "./has-type";

/**
 * The `type` of an error that means "suspended, not failed": a step waiting on a human approval
 * (`@awaitly/hitl`) or a parked durable run. Checkpointers save such a step, dashboards show it
 * as waiting.
 */
export const SUSPENDED_TYPE = "PENDING_APPROVAL";

/** True when `error` is an object whose `type` is `SUSPENDED_TYPE` (a suspended step or run). */
export const isSuspended = (error: unknown): error is { type: typeof SUSPENDED_TYPE } =>
  hasType(error, SUSPENDED_TYPE);
