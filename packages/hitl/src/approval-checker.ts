import type { ApprovalCheck } from "./approval-step";
import type { ApprovalStore } from "./approval-store";
import { APPROVAL_EXPIRED_REASON } from "./approval-errors";

/**
 * Adapts an `ApprovalStore` to `createApprovalStep`'s `checkApproval`: open or not-yet-created
 * requests are pending, expired ones are rejected.
 * @example
 * const gate = createApprovalStep<Refund>({ key, checkApproval: createApprovalChecker<Refund>(store)(key) });
 */
export function createApprovalChecker<T>(
  store: ApprovalStore,
): (key: string) => () => Promise<ApprovalCheck<T>> {
  return (key) => async () => {
    const status = await store.getApproval(key);
    switch (status.status) {
      case "approved":
        return { status: "approved", value: status.value as T };
      case "rejected":
        return { status: "rejected", reason: status.reason };
      case "expired":
        return { status: "rejected", reason: APPROVAL_EXPIRED_REASON };
      default:
        // Not created yet: the orchestrator opens the request when the run pauses.
        return { status: "pending" };
    }
  };
}
