import { err, ok, type Result } from "@awaitly/core";
import type { ApprovalStore } from "../approval-store";
import { maxValueBytesOption } from "../approval-value";
import type {
  ApprovalWebhookErrorCode,
  ApprovalWebhookOptions,
  ApprovalWebhookRequest,
} from "../approval-webhook";

/** A webhook answer that changed nothing. */
export type ApprovalWebhookFailure = {
  success: false;
  status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 500;
  code: ApprovalWebhookErrorCode;
  message: string;
};

/** Defaults of `createApprovalWebhookHandler`. */
export const DEFAULT_APPROVAL_WEBHOOK_OPTIONS = {
  maxKeyLength: 256,
  maxReasonLength: 2000,
  maxValueBytes: 64 * 1024,
} as const;

/** @internal */
export function webhookFailure(
  status: ApprovalWebhookFailure["status"],
  code: ApprovalWebhookErrorCode,
  message: string,
): ApprovalWebhookFailure {
  return { success: false, status, code, message };
}

const ACTIONS = new Set(["approve", "reject", "cancel"]);
const invalid = (message: string) => err(webhookFailure(400, "INVALID_REQUEST", message));

/** @internal Checks an untrusted body and returns the typed request. */
export function validateWebhookRequest(
  body: unknown,
  maxKeyLength: number,
  maxReasonLength: number,
): Result<ApprovalWebhookRequest, ApprovalWebhookFailure> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalid("Request body must be an object");
  }
  const { key, action, value, reason, actorId } = body as Record<string, unknown>;
  if (typeof key !== "string" || key.trim() === "")
    return invalid("key must be a non-empty string");
  if (key.length > maxKeyLength) return invalid(`key must be at most ${maxKeyLength} characters`);
  if (typeof action !== "string" || !ACTIONS.has(action)) {
    return invalid('action must be one of "approve", "reject", "cancel"');
  }
  if (reason !== undefined && typeof reason !== "string") return invalid("reason must be a string");
  if (action === "reject" && !reason) return invalid("Reason is required for rejection");
  if (reason !== undefined && reason.length > maxReasonLength) {
    return invalid(`reason must be at most ${maxReasonLength} characters`);
  }
  if (actorId !== undefined && typeof actorId !== "string")
    return invalid("actorId must be a string");
  return ok({
    key,
    action: action as ApprovalWebhookRequest["action"],
    value,
    reason,
    actorId,
  });
}

function checkLength(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(
      `createApprovalWebhookHandler: ${name} must be a whole number > 0, got ${String(value)}`,
    );
  }
}

/** @internal Checks the handler's options once and fills in defaults. */
export function validateWebhookOptions<TContext>(
  store: ApprovalStore,
  options: ApprovalWebhookOptions<TContext>,
) {
  if (typeof store !== "object" || store === null || typeof store.grantApproval !== "function") {
    throw new TypeError(
      `createApprovalWebhookHandler: store must be an ApprovalStore, got ${store === null ? "null" : typeof store}`,
    );
  }
  const maxKeyLength = options.maxKeyLength ?? DEFAULT_APPROVAL_WEBHOOK_OPTIONS.maxKeyLength;
  const maxReasonLength =
    options.maxReasonLength ?? DEFAULT_APPROVAL_WEBHOOK_OPTIONS.maxReasonLength;
  checkLength("maxKeyLength", maxKeyLength);
  checkLength("maxReasonLength", maxReasonLength);
  const maxValueBytes = maxValueBytesOption("createApprovalWebhookHandler", options.maxValueBytes);
  for (const name of ["authorize", "onDecision", "onError"] as const) {
    const fn = options[name];
    if (fn !== undefined && typeof fn !== "function") {
      throw new TypeError(
        `createApprovalWebhookHandler: ${name} must be a function, got ${String(fn)}`,
      );
    }
  }
  return {
    authorize: options.authorize,
    maxKeyLength,
    maxReasonLength,
    maxValueBytes,
    onDecision: options.onDecision,
    onError: options.onError,
  };
}
