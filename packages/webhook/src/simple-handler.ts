import type { AsyncResult, Result } from "@awaitly/core";
import { defaultUnexpectedErrorMapper, defaultValidationErrorMapper } from "./default-mappers";
import type { HandlerBaseConfig } from "./handler-config";
import { createSafety } from "./safety";
import type { WebhookHandler, WebhookRequest, WebhookResponse } from "./types";
import { assertFunction } from "./internal/checks";

/** Config of `createSimpleHandler`: a Result-returning function instead of a workflow. */
export interface SimpleHandlerConfig<
  TInput,
  TOutput,
  TError,
  TBody = unknown,
> extends HandlerBaseConfig<TInput, TBody> {
  handler: (input: TInput, req: WebhookRequest<TBody>) => AsyncResult<TOutput, TError>;
  mapResult: (
    result: Result<TOutput, TError>,
    req: WebhookRequest<TBody>,
  ) => WebhookResponse | Promise<WebhookResponse>;
}

/** An HTTP handler around a Result-returning function, with the same safety defaults. */
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

  return async (req) => {
    const refused = safety.refuse(req);
    if (refused) return refused;
    try {
      const validated = await validateInput(req);
      if (!validated.ok) return mapValidationError(validated.error, req);
      return await mapResult(await handler(validated.value, req), req);
    } catch (error) {
      safety.report(error, req);
      return mapUnexpectedError(error, req);
    }
  };
}
