import { isSuspended } from "@awaitly/core";
// Error "types" become span status messages and metric attributes: keep them short identifiers
// so a free-text error (`err("user 42 not found")`) cannot explode metric cardinality.
const IDENTIFIER = /^[A-Za-z_][\w.:-]{0,63}$/;

/**
 * @internal How a failed step or run ended: `suspended` when it waits (a human approval, a parked
 * durable run: core's suspended marker), which is not an error, else `error`.
 */
export const failureOutcome = (error: unknown): "suspended" | "error" =>
  isSuspended(error) ? "suspended" : "error";

/** @internal A bounded label for an error value: its string, `type` or `_tag`, else its class name. */
export function errorType(error: unknown): string {
  if (typeof error === "string") return IDENTIFIER.test(error) ? error : "error";
  if (typeof error === "object" && error !== null) {
    const tag = (error as { type?: unknown }).type ?? (error as { _tag?: unknown })._tag;
    if (typeof tag === "string" && IDENTIFIER.test(tag)) return tag;
    if (error instanceof Error && IDENTIFIER.test(error.name)) return error.name;
  }
  return "error";
}

/** @internal The `Error` behind an error value (an UnexpectedError's thrown value included), if any. */
export function errorOf(error: unknown): Error | undefined {
  if (error instanceof Error) return error;
  if (typeof error === "object" && error !== null) {
    const cause = (error as { cause?: { thrown?: unknown; error?: unknown } }).cause;
    if (cause?.thrown instanceof Error) return cause.thrown;
    if (error instanceof Object && (error as { cause?: unknown }).cause instanceof Error) {
      return (error as { cause: Error }).cause;
    }
  }
  return undefined;
}
