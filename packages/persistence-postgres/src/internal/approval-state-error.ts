import type { ApprovalStatus } from "@awaitly/core";

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

/**
 * @internal The value refusal `@awaitly/hitl` stores throw; same `type`, so hitl's
 * `isApprovalValueError` recognises it.
 */
export class ApprovalValueError extends Error {
  readonly type = "APPROVAL_VALUE_ERROR" as const;
  override readonly name = "ApprovalValueError";
  readonly reason: "too-large" | "unserializable";
  readonly key: string;
  readonly maxBytes: number;
  readonly sizeBytes: number | undefined;

  constructor(
    reason: ApprovalValueError["reason"],
    key: string,
    maxBytes: number,
    options: { sizeBytes?: number; cause?: unknown } = {},
  ) {
    super(
      reason === "too-large"
        ? `Approval ${key}: the value is ${String(options.sizeBytes)} bytes serialised, over the ${String(maxBytes)}-byte limit; store a reference instead`
        : `Approval ${key}: the value cannot be serialised as JSON`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = reason;
    this.key = key;
    this.maxBytes = maxBytes;
    this.sizeBytes = options.sizeBytes;
  }
}
