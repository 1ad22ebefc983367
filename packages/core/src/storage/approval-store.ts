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

/** Options of `ApprovalStore.listPending`. */
export interface ListPendingOptions {
  /** Only keys starting with this. Defaults to all. */
  prefix?: string | undefined;
}

/**
 * Where approval requests and decisions live, keyed by the gated step's key.
 *
 * Decisions are final: `grantApproval`, `rejectApproval` and `cancelApproval` reject with
 * `@awaitly/hitl`'s `ApprovalStateError` for an unknown (`NOT_FOUND`), decided
 * (`ALREADY_DECIDED`) or expired (`EXPIRED`, grant/reject only) request, and `createApproval`
 * never reopens a decided request.
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
  listPending(options?: ListPendingOptions): Promise<string[]>;
}
