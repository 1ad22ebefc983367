import type { AsyncResult, Result } from "@awaitly/core";
import { defaultUnexpectedErrorMapper, defaultValidationErrorMapper } from "./default-mappers";
import type { HandlerBaseConfig } from "./handler-config";
import { createSafety } from "./safety";
import type { WebhookHandler, WebhookRequest, WebhookResponse } from "./types";
import { assertFunction } from "./internal/checks";
import { withDeadline } from "./internal/deadline";

/** Config of `createSimpleHandler`: a Result-returning function instead of a workflow. */
export interface SimpleHandlerConfig<
  TInput,
  TOutput,
  TError,
  TBody = unknown,
> extends HandlerBaseConfig<TInput, TBody> {
  /** Does the work; `signal` aborts when the request times out (`timeoutMs`). */
  handler: (
    input: TInput,
    req: WebhookRequest<TBody>,
    signal: AbortSignal,
  ) => AsyncResult<TOutput, TError>;
  mapResult: (
    result: Result<TOutput, TError>,
    req: WebhookRequest<TBody>,
  ) => WebhookResponse | Promise<WebhookResponse>;
}

/**
 * An HTTP handler around a Result-returning function, with the same safety defaults (405, 413,
 * 504 after `timeoutMs` with the handler's signal aborted, generic 500).
 */
export function createSimpleHandler<TInput, TOutput, TError, TBody = unknown>(
  config: SimpleHandlerConfig<TInput, TOutput, TError, TBody>,
): WebhookHandler<TBody> {
  const where = "createSimpleHandler";
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`${where}: config must be an object, got ${String(config)}`);
  }
  const {
    validateInput,
    handler,
    mapResult,
    mapValidationError = defaultValidationErrorMapper,
    mapUnexpectedError = defaultUnexpectedErrorMapper,
  } = config;
  assertFunction(where, "validateInput", validateInput, true);
  assertFunction(where, "handler", handler, true);
  assertFunction(where, "mapResult", mapResult, true);
  assertFunction(where, "mapValidationError", mapValidationError, false);
  assertFunction(where, "mapUnexpectedError", mapUnexpectedError, false);
  const safety = createSafety(where, config);

  const handle = async (req: WebhookRequest<TBody>, signal: AbortSignal) => {
    try {
      const validated = await validateInput(req);
      if (!validated.ok) return mapValidationError(validated.error, req);
      return await mapResult(await handler(validated.value, req, signal), req);
    } catch (error) {
      safety.report(error, req);
      return mapUnexpectedError(error, req);
    }
  };

  return async (req) => {
    const refused = safety.refuse(req);
    if (refused) return refused;
    return withDeadline(
      safety.timeoutMs,
      (signal) => handle(req, signal),
      (reason) => safety.report(reason, req),
    );
  };
}
