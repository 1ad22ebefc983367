import type { ErrorResponseBody, WebhookRequest, WebhookResponse } from "./types";

/** Protections every handler applies before it looks at the body. */
export interface WebhookSafetyOptions<TBody = unknown> {
  /** HTTP methods accepted; others get 405 with an `Allow` header. Defaults to `["POST"]`. */
  allowedMethods?: readonly string[] | undefined;
  /** Largest accepted body in bytes (by `content-length`, else measured); larger gets 413. Defaults to `1048576` (1 MiB). */
  maxBodyBytes?: number | undefined;
  /**
   * Longest time (ms) a request may take; then it is answered `504` and the run's signal aborts.
   * `Infinity` turns it off (a handler that never settles then holds its request forever).
   * Defaults to `30000`.
   */
  timeoutMs?: number | undefined;
  /** Receives the detail of every unexpected error (the client only sees a generic 500). Defaults to logging with `console.error`. */
  onError?: ((error: unknown, req: WebhookRequest<TBody>) => void) | undefined;
}

/** The defaults `WebhookSafetyOptions` fall back to. */
export const DEFAULT_WEBHOOK_SAFETY_OPTIONS = {
  allowedMethods: ["POST"] as readonly string[],
  maxBodyBytes: 1_048_576,
  timeoutMs: 30_000,
  onError: (error: unknown): void => {
    console.error("awaitly webhook: unexpected error", error);
  },
};

type Safety<TBody> = {
  timeoutMs: number;
  /** A refusal response, or `undefined` when the request may proceed. */
  refuse: (req: WebhookRequest<TBody>) => WebhookResponse<ErrorResponseBody> | undefined;
  report: (error: unknown, req: WebhookRequest<TBody>) => void;
};

/** @internal Validates the options once and returns the checks a handler runs per request. */
export function createSafety<TBody>(
  where: string,
  options: WebhookSafetyOptions<TBody>,
): Safety<TBody> {
  const methods = options.allowedMethods ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.allowedMethods;
  if (
    !Array.isArray(methods) ||
    methods.length === 0 ||
    !methods.every((m) => typeof m === "string" && m !== "")
  ) {
    throw new TypeError(
      `${where}: allowedMethods must be a non-empty array of method names, got ${JSON.stringify(methods)}`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.maxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(
      `${where}: maxBodyBytes must be a positive whole number of bytes, got ${String(maxBodyBytes)}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.timeoutMs;
  if (
    typeof timeoutMs !== "number" ||
    !(timeoutMs > 0) ||
    (!Number.isInteger(timeoutMs) && timeoutMs !== Number.POSITIVE_INFINITY) ||
    // setTimeout fires at once past 2^31-1 ms: longer finite values would time out immediately.
    (timeoutMs > 2_147_483_647 && timeoutMs !== Number.POSITIVE_INFINITY)
  ) {
    throw new RangeError(
      `${where}: timeoutMs must be a whole number of ms between 1 and 2147483647, or Infinity, got ${String(timeoutMs)}`,
    );
  }
  const onError = options.onError ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.onError;
  if (typeof onError !== "function") {
    throw new TypeError(`${where}: onError must be a function, got ${typeof onError}`);
  }
  const allowed = new Set(methods.map((m: string) => m.toUpperCase()));
  const allowHeader = [...allowed].join(", ");

  return {
    timeoutMs,
    refuse(req) {
      if (!allowed.has(String(req.method).toUpperCase())) {
        return {
          status: 405,
          headers: { Allow: allowHeader },
          body: {
            error: {
              type: "METHOD_NOT_ALLOWED",
              message: `Method ${req.method} not allowed; use ${allowHeader}`,
            },
          },
        };
      }
      if (bodySize(req) > maxBodyBytes) {
        return {
          status: 413,
          body: {
            error: { type: "PAYLOAD_TOO_LARGE", message: `Body larger than ${maxBodyBytes} bytes` },
          },
        };
      }
      return undefined;
    },
    report(error, req) {
      try {
        onError(error, req);
      } catch {
        // A broken logger must not turn a handled 500 into a crash.
      }
    },
  };
}

const encoder = new TextEncoder();

function bodySize(req: WebhookRequest<unknown>): number {
  const header = req.headers?.["content-length"];
  const declared = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Number.isFinite(declared)) return declared;
  const body = req.body;
  if (body === undefined || body === null) return 0;
  if (typeof body === "string") return encoder.encode(body).length;
  if (body instanceof Uint8Array) return body.length;
  try {
    return encoder.encode(JSON.stringify(body) ?? "").length;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or unserialisable: not something we accept
  }
}
