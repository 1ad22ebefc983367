import type { ErrorResponseBody, WebhookResponse } from "../types";

/** @internal The answer when the handler does not settle within `timeoutMs`. */
export function timeoutResponse(timeoutMs: number): WebhookResponse<ErrorResponseBody> {
  return {
    status: 504,
    body: { error: { type: "TIMEOUT", message: `No response within ${timeoutMs} ms` } },
  };
}

/**
 * @internal Runs `work` with a signal that aborts after `timeoutMs` (never when `Infinity`). When
 * the deadline passes first the signal aborts (reason: a `TimeoutError` DOMException), `onTimeout`
 * learns why, and the 504 is answered without waiting for `work` any longer.
 */
export function withDeadline(
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<WebhookResponse>,
  onTimeout: (reason: unknown) => void,
): Promise<WebhookResponse> {
  const controller = new AbortController();
  if (timeoutMs === Number.POSITIVE_INFINITY) return work(controller.signal);
  return new Promise<WebhookResponse>((resolve, reject) => {
    // Looked up per call, so fake timers apply.
    const timer = setTimeout(() => {
      const reason = new DOMException(`No response within ${timeoutMs} ms`, "TimeoutError");
      controller.abort(reason);
      onTimeout(reason);
      resolve(timeoutResponse(timeoutMs));
    }, timeoutMs);
    work(controller.signal).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
