import { ok, type AsyncResult } from "@awaitly/core";
import {
  approvalRejected,
  pendingApproval,
  type ApprovalRejected,
  type PendingApproval,
} from "./approval-errors";

/** What an approval gate asks its source: pending, approved with a value, or rejected with a reason. */
export type ApprovalCheck<T> =
  { status: "pending" } | { status: "approved"; value: T } | { status: "rejected"; reason: string };

/** Options of `createApprovalStep`. */
export interface ApprovalStepOptions<T> {
  /** Copied into the gate's errors as `stepKey`; use the same string as the step's `key`. */
  key: string;
  /** Asks the approval source once per call. */
  checkApproval: () => Promise<ApprovalCheck<T>>;
  /** `reason` of the `PendingApproval` error. Defaults to `undefined`. */
  pendingReason?: string | undefined;
  /** `metadata` of the `PendingApproval` error. Defaults to `undefined`. */
  metadata?: Record<string, unknown> | undefined;
}

/**
 * Turns an approval source into a workflow dependency that succeeds with the approved value or
 * fails with `PendingApproval` / `ApprovalRejected`.
 * @example
 * const approveRefund = createApprovalStep<{ approvedBy: string }>({
 *   key: "approve:refund-42",
 *   checkApproval: createApprovalChecker(store)("approve:refund-42"),
 * });
 * const refund = createWorkflow({ approveRefund });
 * await refund(async (step, { approveRefund }) => step(approveRefund, { key: "approve:refund-42" }));
 */
export function createApprovalStep<T>(
  options: ApprovalStepOptions<T>,
): () => AsyncResult<T, PendingApproval | ApprovalRejected> {
  return async () => {
    const status = await options.checkApproval();
    switch (status.status) {
      case "pending":
        return pendingApproval(options.key, {
          reason: options.pendingReason,
          metadata: options.metadata,
        });
      case "rejected":
        return approvalRejected(options.key, status.reason);
      case "approved":
        return ok(status.value);
      default:
        // 1.0.0 resolved to `undefined` here; a clear error is easier to act on.
        throw new TypeError(
          `checkApproval for "${options.key}" returned status ${JSON.stringify(
            (status as { status?: unknown }).status,
          )}; expected "pending", "approved" or "rejected"`,
        );
    }
  };
}
