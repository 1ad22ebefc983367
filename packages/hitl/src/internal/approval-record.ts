import {
  ApprovalStateError,
  type ApprovalStatus,
  type CreateApprovalOptions,
} from "../approval-store";

/** @internal What both built-in approval stores persist per key. */
export type ApprovalRecord =
  | {
      status: "pending";
      metadata?: Record<string, unknown> | undefined;
      expiresAt?: number | undefined;
    }
  | { status: "approved"; value: unknown; approvedBy?: string | undefined; approvedAt: number }
  | { status: "rejected"; reason: string; rejectedBy?: string | undefined; rejectedAt: number };

/** @internal How a stored record reads at time `now`. */
export function readRecord(record: ApprovalRecord | undefined, now: number): ApprovalStatus {
  if (record === undefined) return { status: "not_found" };
  if (record.status === "pending" && record.expiresAt !== undefined && now > record.expiresAt) {
    return { status: "expired", expiredAt: record.expiresAt };
  }
  return { ...record };
}

/** @internal The record `createApproval` leaves: a new or expired request reopens, others stay. */
export function createRecord(
  record: ApprovalRecord | undefined,
  options: CreateApprovalOptions | undefined,
  now: number,
): ApprovalRecord | undefined {
  const current = readRecord(record, now).status;
  if (current !== "not_found" && current !== "expired") return undefined;
  return { status: "pending", metadata: options?.metadata, expiresAt: options?.expiresAt };
}

/** @internal Throws unless the request is open (pending and unexpired). */
export function assertOpen(key: string, record: ApprovalRecord | undefined, now: number): void {
  const current = readRecord(record, now);
  if (current.status === "not_found") throw new ApprovalStateError("NOT_FOUND", key, current);
  if (current.status === "expired") throw new ApprovalStateError("EXPIRED", key, current);
  if (current.status !== "pending") throw new ApprovalStateError("ALREADY_DECIDED", key, current);
}

/** @internal Throws unless the request may be cancelled (pending, expired or not). */
export function assertCancellable(
  key: string,
  record: ApprovalRecord | undefined,
  now: number,
): void {
  const current = readRecord(record, now);
  if (current.status === "not_found") throw new ApprovalStateError("NOT_FOUND", key, current);
  if (current.status === "approved" || current.status === "rejected") {
    throw new ApprovalStateError("ALREADY_DECIDED", key, current);
  }
}

/** @internal True when the request is still waiting (pending and unexpired). */
export function isOpen(record: ApprovalRecord | undefined, now: number): boolean {
  return readRecord(record, now).status === "pending";
}
