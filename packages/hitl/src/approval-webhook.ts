import { isApprovalStateError, type ApprovalStatus, type ApprovalStore } from "./approval-store";
import { checkApprovalValue, isApprovalValueError } from "./approval-value";
import {
  webhookFailure,
  validateWebhookOptions,
  validateWebhookRequest,
  type ApprovalWebhookFailure,
} from "./internal/webhook-validation";

/** The body of an approval webhook call, once validated. */
export interface ApprovalWebhookRequest {
  key: string;
  action: "approve" | "reject" | "cancel";
  value?: unknown;
  reason?: string | undefined;
  /** Self-declared by the caller; an `authorize` answer with `actorId` replaces it. */
  actorId?: string | undefined;
}

/** Why a webhook call changed nothing. */
export type ApprovalWebhookErrorCode =
  | "INVALID_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "ALREADY_DECIDED"
  | "EXPIRED"
  | "VALUE_TOO_LARGE"
  | "INTERNAL_ERROR";

/** What the handler answers; `status` is the HTTP status to send. */
export type ApprovalWebhookResponse =
  | {
      success: true;
      status: 200;
      message: string;
      data: { key: string; action: string; timestamp: number };
    }
  | ApprovalWebhookFailure;

/**
 * What `authorize` decides: `true`/`{ allow: true }` lets the call through (`actorId`, when given,
 * is the verified identity recorded as approver), `false` answers 403, and
 * `{ allow: false, reason: "unauthenticated" }` answers 401.
 */
export type ApprovalAuthorization =
  | boolean
  | { allow: true; actorId?: string | undefined }
  | { allow: false; reason: "unauthenticated" | "forbidden"; message?: string | undefined };

/** Options of `createApprovalWebhookHandler`. */
export interface ApprovalWebhookOptions<TContext = undefined> {
  /**
   * Decides whether the caller may act on `request.key`; receives what you pass as the handler's
   * second argument (your HTTP request, session, …). Required in production: without it anyone who
   * reaches the endpoint can decide any approval. Defaults to allowing every call.
   */
  authorize?:
    | ((
        request: ApprovalWebhookRequest,
        context: TContext,
      ) => ApprovalAuthorization | Promise<ApprovalAuthorization>)
    | undefined;
  /** Longest accepted `key`, in characters. Defaults to `256`. */
  maxKeyLength?: number | undefined;
  /** Longest accepted rejection `reason`, in characters. Defaults to `2000`. */
  maxReasonLength?: number | undefined;
  /** Largest approved `value`, in UTF-8 bytes of its JSON; larger ones answer 413 `VALUE_TOO_LARGE`. Defaults to `65536`. */
  maxValueBytes?: number | undefined;
  /**
   * Called after a request was decided or cancelled, e.g. `({ key }) => hitl.resumeWaiting(key)`;
   * awaited before answering, and a failure is passed to `onError` without undoing the decision.
   * Defaults to none.
   */
  onDecision?:
    | ((decision: {
        key: string;
        action: ApprovalWebhookRequest["action"];
        actorId: string | undefined;
      }) => void | Promise<void>)
    | undefined;
  /** Receives store, `authorize` and `onDecision` failures (the response only says "internal error"). Defaults to none. */
  onError?: ((error: unknown) => void) | undefined;
}

/** The handler `createApprovalWebhookHandler` returns. */
export type ApprovalWebhookHandler<TContext = undefined> = (
  body: unknown,
  ...context: undefined extends TContext ? [context?: TContext] : [context: TContext]
) => Promise<ApprovalWebhookResponse>;

const refusal = (key: string, status: ApprovalStatus, action: string) => {
  if (status.status === "not_found")
    return webhookFailure(404, "NOT_FOUND", `Approval ${key} not found`);
  if (status.status === "approved" || status.status === "rejected") {
    return webhookFailure(409, "ALREADY_DECIDED", `Approval ${key} is already ${status.status}`);
  }
  if (status.status === "expired" && action !== "cancel") {
    return webhookFailure(410, "EXPIRED", `Approval ${key} has expired`);
  }
  return undefined;
};

/**
 * A framework-neutral approval endpoint: validates the parsed body, asks `authorize`, and grants,
 * rejects or cancels an open request. Never rejects; send `response.status` as the HTTP status.
 * @example
 * const handle = createApprovalWebhookHandler<Request>(approvalStore, {
 *   authorize: (body, req) => {
 *     const user = verifySession(req.headers.authorization);
 *     if (!user) return { allow: false, reason: "unauthenticated" };
 *     return user.canApprove(body.key) ? { allow: true, actorId: user.id } : false;
 *   },
 * });
 * app.post("/approvals", async (req, res) => {
 *   const response = await handle(req.body, req);
 *   res.status(response.status).json(response);
 * });
 */
export function createApprovalWebhookHandler<TContext = undefined>(
  store: ApprovalStore,
  options: ApprovalWebhookOptions<TContext> = {},
): ApprovalWebhookHandler<TContext> {
  const { authorize, maxKeyLength, maxReasonLength, maxValueBytes, onDecision, onError } =
    validateWebhookOptions(store, options);
  const handle = async (body: unknown, context: TContext): Promise<ApprovalWebhookResponse> => {
    const parsed = validateWebhookRequest(body, maxKeyLength, maxReasonLength);
    if (!parsed.ok) return parsed.error;
    const request = parsed.value;
    const { key, action } = request;
    let actorId = request.actorId;
    try {
      if (authorize !== undefined) {
        const decision = await authorize(request, context);
        if (decision === false || (typeof decision === "object" && !decision.allow)) {
          const unauthenticated =
            typeof decision === "object" && decision.reason === "unauthenticated";
          return unauthenticated
            ? webhookFailure(401, "UNAUTHENTICATED", decision.message ?? "Authentication required")
            : webhookFailure(
                403,
                "FORBIDDEN",
                (typeof decision === "object" && decision.message) ||
                  `Not allowed to ${action} approval ${key}`,
              );
        }
        if (typeof decision === "object" && decision.actorId !== undefined)
          actorId = decision.actorId;
      }
      // Checked here for stores that do not refuse on their own; built-in stores refuse atomically too.
      const refused = refusal(key, await store.getApproval(key), action);
      if (refused) return refused;
      if (action === "approve") {
        checkApprovalValue(key, request.value, maxValueBytes);
        await store.grantApproval(key, request.value, { approvedBy: actorId });
      } else if (action === "reject") {
        await store.rejectApproval(key, request.reason ?? "", { rejectedBy: actorId });
      } else await store.cancelApproval(key);
    } catch (error) {
      if (isApprovalStateError(error))
        return refusal(key, error.current, action) ?? unexpected(error);
      if (isApprovalValueError(error)) return webhookFailure(413, "VALUE_TOO_LARGE", error.message);
      return unexpected(error);
    }
    if (onDecision !== undefined) {
      try {
        await onDecision({ key, action, actorId });
      } catch (error) {
        onError?.(error);
      }
    }
    const verb = action === "approve" ? "granted" : action === "reject" ? "rejected" : "cancelled";
    return {
      success: true,
      status: 200,
      message: `Approval ${key} ${verb}`,
      data: { key, action, timestamp: Date.now() },
    };
  };
  const unexpected = (error: unknown) => {
    onError?.(error);
    return webhookFailure(500, "INTERNAL_ERROR", "The approval could not be processed");
  };
  return handle as ApprovalWebhookHandler<TContext>;
}
