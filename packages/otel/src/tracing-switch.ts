import { context, createContextKey, type Context } from "@opentelemetry/api";

const UNTRACED = createContextKey("@awaitly/otel untraced");

/** @internal True when `AWAITLY_OTEL_DISABLED` is `1` or `true` (read when a handler is created). */
export function disabledByEnv(): boolean {
  const value = typeof process === "undefined" ? undefined : process.env["AWAITLY_OTEL_DISABLED"];
  return value === "1" || value === "true";
}

/** @internal True when the context says the run started in it is not traced. */
export const isUntraced = (ctx: Context): boolean => ctx.getValue(UNTRACED) === true;

/**
 * Runs `fn` so that workflow runs started inside it make no spans (the per-run off switch): the
 * handler sees the marker in the active context when the run starts.
 * @example
 * await withoutTracing(() => checkout(body)); // this run only: no spans
 */
export function withoutTracing<T>(fn: () => T): T {
  return context.with(context.active().setValue(UNTRACED, true), fn);
}
