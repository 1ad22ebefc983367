import type { Result, RunStep, UnexpectedError, Workflow, WorkflowStrict } from "@awaitly/core";
import { defaultUnexpectedErrorMapper, defaultValidationErrorMapper } from "./default-mappers";
import type { HandlerBaseConfig } from "./handler-config";
import { createSafety } from "./safety";
import type { WebhookHandler, WebhookRequest, WebhookResponse } from "./types";
import { assertFunction, reportUnexpected } from "./internal/checks";
import { timeoutResponse, withDeadline } from "./internal/deadline";

/** How `createWebhookHandler` validates a request and maps the workflow's Result to a response. */
export interface WebhookHandlerConfig<
  TInput,
  TOutput,
  TError,
  TBody = unknown,
> extends HandlerBaseConfig<TInput, TBody> {
  /** Maps the workflow's Result to the response (may be async). */
  mapResult: (
    result: Result<TOutput, TError | UnexpectedError>,
    req: WebhookRequest<TBody>,
  ) => WebhookResponse | Promise<WebhookResponse>;
  /** Rewrites the request before validation. Defaults to none. */
  beforeValidation?:
    | ((req: WebhookRequest<TBody>) => WebhookRequest<TBody> | Promise<WebhookRequest<TBody>>)
    | undefined;
  /** Sees (and may replace) every response. Defaults to none. */
  afterResponse?:
    | ((
        response: WebhookResponse,
        req: WebhookRequest<TBody>,
      ) => WebhookResponse | Promise<WebhookResponse>)
    | undefined;
}

/**
 * An HTTP handler that validates the request, runs `workflowFn` on `workflow` with the validated
 * input, and maps the Result to a response. Refuses other methods than POST (405) and bodies over
 * 1 MiB (413) by default; a request still running after `timeoutMs` (30 s) is answered 504 and its
 * run's signal (`workflowFn`'s last argument) aborts; unexpected errors become a generic 500 and
 * their detail goes to `onError`.
 * @example
 * const handler = createWebhookHandler(checkout, (step, deps, order) => step(() => deps.charge(order)), {
 *   validateInput: (req) => requireFields(["orderId"])(req.body).ok ? ok(req.body as Order) : …,
 *   mapResult: createResultMapper([{ error: "DECLINED", status: 402 }]),
 * });
 */
export function createWebhookHandler<TInput, TOutput, TError, TBody = unknown, TDeps = unknown>(
  workflow: Workflow<TError, TDeps> | WorkflowStrict<TError, unknown, TDeps>,
  workflowFn: (
    step: RunStep<TError>,
    deps: TDeps,
    input: TInput,
    signal: AbortSignal,
  ) => TOutput | Promise<TOutput>,
  config: WebhookHandlerConfig<TInput, TOutput, TError, TBody>,
): WebhookHandler<TBody> {
  const where = "createWebhookHandler";
  assertFunction(where, "workflow", workflow, true);
  assertFunction(where, "workflowFn", workflowFn, true);
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`${where}: config must be an object, got ${String(config)}`);
  }
  const {
    validateInput,
    mapResult,
    mapValidationError = defaultValidationErrorMapper,
    mapUnexpectedError = defaultUnexpectedErrorMapper,
    beforeValidation,
    afterResponse,
  } = config;
  assertFunction(where, "validateInput", validateInput, true);
  assertFunction(where, "mapResult", mapResult, true);
  assertFunction(where, "mapValidationError", mapValidationError, false);
  assertFunction(where, "mapUnexpectedError", mapUnexpectedError, false);
  assertFunction(where, "beforeValidation", beforeValidation, false);
  assertFunction(where, "afterResponse", afterResponse, false);
  const safety = createSafety(where, config);
  const run = workflow as Workflow<TError, TDeps>;
  const finish = async (response: WebhookResponse, req: WebhookRequest<TBody>) =>
    afterResponse ? afterResponse(response, req) : response;

  const handle = async (req: WebhookRequest<TBody>, signal: AbortSignal) => {
    try {
      const request = beforeValidation ? await beforeValidation(req) : req;
      const validated = await validateInput(request);
      if (!validated.ok) return await finish(mapValidationError(validated.error, request), request);
      const input = validated.value;
      const result = (await run(input, (step, deps) => workflowFn(step, deps, input, signal), {
        signal,
      })) as Result<TOutput, TError | UnexpectedError>;
      // Past the deadline the 504 has been answered: the cancelled result is nobody's to map.
      if (signal.aborted) return timeoutResponse(safety.timeoutMs);
      if (!result.ok) reportUnexpected(result.error, req, safety.report);
      return await finish(await mapResult(result, request), request);
    } catch (error) {
      safety.report(error, req);
      return finish(mapUnexpectedError(error, req), req);
    }
  };

  return async (req) => {
    const refused = safety.refuse(req);
    if (refused) return finish(refused, req);
    // The 504 skips afterResponse: a hook that hangs must not hold the answer either.
    return withDeadline(
      safety.timeoutMs,
      (signal) => handle(req, signal),
      (reason) => safety.report(reason, req),
    );
  };
}
