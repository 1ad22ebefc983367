import { hasType, isSuspended, SUSPENDED_TYPE, type Err } from "@awaitly/core";

/**
 * The error of an approval gate that has not been decided yet: the workflow pauses on it. Its
 * `type` is core's `SUSPENDED_TYPE`, so `isSuspended` (checkpointers, dashboards) knows it.
 */
export type PendingApproval = {
  type: typeof SUSPENDED_TYPE;
  stepKey: string;
  reason?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
};

/** The error of an approval gate that was decided "no": the workflow ends with it. */
export type ApprovalRejected = {
  type: "APPROVAL_REJECTED";
  stepKey: string;
  reason: string;
};

/** True when `error` is suspended, per `isSuspended` of `@awaitly/core` (`type: SUSPENDED_TYPE`). */
export function isPendingApproval(error: unknown): error is PendingApproval {
  return isSuspended(error);
}

/** True when `error` is an object whose `type` is `"APPROVAL_REJECTED"`. */
export function isApprovalRejected(error: unknown): error is ApprovalRejected {
  return hasType(error, "APPROVAL_REJECTED");
}

/**
 * Builds the failed Result of an undecided approval gate.
 * @example
 * const gate = async () => (approved ? ok(value) : pendingApproval("approve:order-1"));
 */
export function pendingApproval(
  stepKey: string,
  options?: {
    reason?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
  },
): Err<PendingApproval> {
  return {
    ok: false,
    error: {
      type: SUSPENDED_TYPE,
      stepKey,
      reason: options?.reason,
      metadata: options?.metadata,
    },
  };
}

/** @internal Builds the failed Result of a rejected approval gate. */
export function approvalRejected(stepKey: string, reason: string): Err<ApprovalRejected> {
  return { ok: false, error: { type: "APPROVAL_REJECTED", stepKey, reason } };
}

/** Reason of the `ApprovalRejected` for a request that expired before anyone decided it. */
export const APPROVAL_EXPIRED_REASON = "Approval request expired";

/** Reason of the `ApprovalRejected` for a request that was cancelled or no longer exists. */
export const APPROVAL_NOT_FOUND_REASON = "Approval request was cancelled or no longer exists";
