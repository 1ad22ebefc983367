/** A framework-neutral HTTP request, as the adapters hand it to a handler. */
export interface WebhookRequest<Body = unknown> {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Body;
  query: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  raw?: unknown;
}

/** What a handler answers: status, optional headers and a JSON body. */
export interface WebhookResponse<T = unknown> {
  status: number;
  headers?: Record<string, string>;
  body: T;
}

/** The body of every error response this package produces. */
export interface ErrorResponseBody {
  error: { type: string; message?: string; details?: unknown };
}

/** A request handler built by `createWebhookHandler` or `createSimpleHandler`. */
export type WebhookHandler<TBody = unknown> = (
  req: WebhookRequest<TBody>,
) => Promise<WebhookResponse>;
