import { defaultUnexpectedErrorMapper } from "./default-mappers";
import { DEFAULT_WEBHOOK_SAFETY_OPTIONS } from "./safety";
import type { WebhookHandler, WebhookRequest, WebhookResponse } from "./types";

/** The parts of an express (or compatible) request the adapter reads. */
export interface ExpressLikeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  query: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

/** The parts of an express (or compatible) response the adapter writes. */
export interface ExpressLikeResponse {
  status(code: number): ExpressLikeResponse;
  set(headers: Record<string, string>): ExpressLikeResponse;
  json(body: unknown): void;
}

/** Wraps an express request as a `WebhookRequest` (same references, `raw` = the request). */
export function toWebhookRequest<TBody = unknown>(req: ExpressLikeRequest): WebhookRequest<TBody> {
  return {
    method: req.method,
    path: req.path,
    headers: req.headers,
    body: req.body as TBody,
    query: req.query,
    params: req.params,
    raw: req,
  };
}

/** Writes a `WebhookResponse` as JSON (headers first). */
export function sendWebhookResponse(res: ExpressLikeResponse, response: WebhookResponse): void {
  if (response.headers) res.set(response.headers);
  res.status(response.status).json(response.body);
}

type Removable = { removeHeader?: (name: string) => void };

/**
 * An express route handler around a webhook handler. It always answers: if the handler itself
 * fails (a throwing custom mapper) or its response cannot be serialised as JSON (a `BigInt`, a
 * cycle), the client gets the generic JSON 500 and the detail goes to `onError`.
 * @example
 * app.post("/orders", express.json({ limit: "100kb" }), createExpressHandler(handler));
 */
export function createExpressHandler<TBody = unknown>(
  handler: WebhookHandler<TBody>,
  options?: { onError?: ((error: unknown) => void) | undefined },
): (req: ExpressLikeRequest, res: ExpressLikeResponse) => Promise<void> {
  if (typeof handler !== "function") {
    throw new TypeError(`createExpressHandler: handler must be a function, got ${typeof handler}`);
  }
  const onError = options?.onError ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.onError;
  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // A broken logger must not keep the client from its 500.
    }
  };
  return async (req, res) => {
    let response: WebhookResponse;
    try {
      response = await handler(toWebhookRequest<TBody>(req));
    } catch (error) {
      report(error);
      response = defaultUnexpectedErrorMapper(error);
    }
    try {
      sendWebhookResponse(res, response);
    } catch (error) {
      // express serialises before it writes anything, so the response is still ours to replace;
      // drop the headers meant for the body that failed.
      report(error);
      for (const name of Object.keys(response.headers ?? {})) {
        (res as ExpressLikeResponse & Removable).removeHeader?.(name);
      }
      const fallback = defaultUnexpectedErrorMapper(error);
      res.status(fallback.status).json(fallback.body);
    }
  };
}
