import { hasType } from "@awaitly/core";

/** The state of one approval request, as an `ApprovalStore` reports it. */
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

/** Options of `ApprovalStore.createApproval`. */
export interface CreateApprovalOptions {
  /** Stored with the request (the orchestrator records `{ runId, workflowName }`). */
  metadata?: Record<string, unknown> | undefined;
  /** Epoch ms after which the request reads as expired. Defaults to never. */
  expiresAt?: number | undefined;
  /** Who asked; informational. */
  requestedBy?: string | undefined;
}

/**
 * Where approval requests and decisions live, keyed by the gated step's key.
 *
 * Decisions are final: `grantApproval`, `rejectApproval` and `cancelApproval` reject with an
 * `ApprovalStateError` for an unknown (`NOT_FOUND`), decided (`ALREADY_DECIDED`) or expired
 * (`EXPIRED`, grant/reject only) request, and `createApproval` never reopens a decided request.
 */
export interface ApprovalStore {
  getApproval(key: string): Promise<ApprovalStatus>;
  createApproval(key: string, options?: CreateApprovalOptions): Promise<void>;
  grantApproval<T>(
    key: string,
    value: T,
    options?: { approvedBy?: string | undefined },
  ): Promise<void>;
  rejectApproval(
    key: string,
    reason: string,
    options?: { rejectedBy?: string | undefined },
  ): Promise<void>;
  cancelApproval(key: string): Promise<void>;
  listPending(options?: { prefix?: string | undefined }): Promise<string[]>;
}

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
