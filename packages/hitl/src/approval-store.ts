import { hasType, type ApprovalStatus } from "@awaitly/core";

// The store contract lives in core (every store package may import it); hitl keeps its names.
export type { ApprovalStatus, ApprovalStore, CreateApprovalOptions } from "@awaitly/core";

/** Why a store refused to decide or cancel a request. */
export type ApprovalStateErrorCode = "NOT_FOUND" | "ALREADY_DECIDED" | "EXPIRED";

/** Thrown (as a rejection) by store mutations that would change a request that is not open. */
export class ApprovalStateError extends Error {
  readonly type = "APPROVAL_STATE_ERROR" as const;
  override readonly name = "ApprovalStateError";
  readonly code: ApprovalStateErrorCode;
  readonly key: string;
  /** The request's state when the change was refused. */
  readonly current: ApprovalStatus;

  constructor(code: ApprovalStateErrorCode, key: string, current: ApprovalStatus) {
    super(
      code === "NOT_FOUND"
        ? `Approval ${key} does not exist; create it before deciding it`
        : code === "EXPIRED"
          ? `Approval ${key} has expired and can no longer be decided`
          : `Approval ${key} is already ${current.status}; decisions are final`,
    );
    this.code = code;
    this.key = key;
    this.current = current;
  }
}

/** True for an `ApprovalStateError` (checked by its `type`, so copies of the package agree). */
export function isApprovalStateError(error: unknown): error is ApprovalStateError {
  return hasType(error, "APPROVAL_STATE_ERROR");
}
