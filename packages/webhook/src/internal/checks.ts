import { isUnexpectedError } from "@awaitly/core";
import type { WebhookRequest } from "../types";

/** @internal Checks that a config field is a function when given. */
export function assertFunction(where: string, name: string, value: unknown, required: boolean) {
  if (value === undefined && !required) return;
  if (typeof value !== "function") {
    throw new TypeError(`${where}: ${name} must be a function, got ${typeof value}`);
  }
}

/** @internal Unexpected workflow failures are bugs: their detail goes to the log. */
export function reportUnexpected<TBody>(
  error: unknown,
  req: WebhookRequest<TBody>,
  report: (error: unknown, req: WebhookRequest<TBody>) => void,
): void {
  if (isUnexpectedError(error)) {
    report(error, req);
  }
}
