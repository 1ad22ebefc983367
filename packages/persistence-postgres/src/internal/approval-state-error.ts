/** @internal The approval states this store reports (structurally `@awaitly/hitl`'s `ApprovalStatus`). */
export type ApprovalStatus<T = unknown> =
  | {
      status: "pending";
      metadata?: Record<string, unknown> | undefined;
      expiresAt?: number | undefined;
    }
  | {
      status: "approved";
      value: T;
      approvedBy?: string | undefined;
      approvedAt?: number | undefined;
    }
  | {
      status: "rejected";
      reason: string;
      rejectedBy?: string | undefined;
      rejectedAt?: number | undefined;
    }
  | { status: "expired"; expiredAt: number }
  | { status: "not_found" };

/**
 * @internal The refusal `@awaitly/hitl` stores throw; same `type`, so hitl's `isApprovalStateError`
 * recognises it without this package depending on hitl.
 */
export class ApprovalStateError extends Error {
  readonly type = "APPROVAL_STATE_ERROR" as const;
  override readonly name = "ApprovalStateError";
  readonly code: "NOT_FOUND" | "ALREADY_DECIDED" | "EXPIRED";
  readonly key: string;
  readonly current: ApprovalStatus;

  constructor(code: ApprovalStateError["code"], key: string, current: ApprovalStatus) {
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
