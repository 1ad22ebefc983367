import { createEarlyExit } from "@awaitly/core";

type ResultLike = { ok: true; value: unknown } | { ok: false; error: unknown; cause?: unknown };

/**
 * @internal What a body returned, as the run's outcome (as the worker reads it): a returned `Ok`
 * is the value, a returned `Err` ends the run with its error (thrown as a step's early exit, so
 * core records a failed run), anything else is the value as it is.
 */
export function bodyOutcome(returned: unknown): unknown {
  if (!isResult(returned)) return returned;
  if (returned.ok) return returned.value;
  throw createEarlyExit(returned.error, { origin: "result", resultCause: returned.cause });
}

function isResult(value: unknown): value is ResultLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { ok?: unknown };
  if (candidate.ok === true) return "value" in candidate;
  return candidate.ok === false && "error" in candidate;
}
