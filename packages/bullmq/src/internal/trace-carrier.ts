import type { RunTracing, TraceCarrier } from "@awaitly/core";
import type { RunJobData } from "./keys";

/**
 * @internal The run record field that keeps the trace context of what wrote `field` (a signal's
 * `s:<name>`, a resume's `r`): `c:<field>`.
 */
export const carrierFieldOf = (field: string): string => `c:${field}`;

/** @internal The trace part of a new run's job data: the caller's context, or `false` when opted out. */
export function traceData(
  tracing: RunTracing,
  trace: boolean | undefined,
): Pick<RunJobData, "trace"> {
  if (trace === false) return { trace: false };
  const carrier = tracing.inject();
  return carrier === undefined ? {} : { trace: carrier };
}

/** @internal `[c:<field>, carrier]` to store beside a signal or resume, or nothing when not traced. */
export function carrierField(tracing: RunTracing | undefined, field: string): string[] {
  const carrier = tracing?.inject();
  return carrier === undefined ? [] : [carrierFieldOf(field), JSON.stringify(carrier)];
}

/** @internal A stored carrier, or `undefined` when absent or unreadable (tracing never fails a run). */
export function readCarrier(text: string | null | undefined): TraceCarrier | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { traceparent?: unknown; tracestate?: unknown };
    if (typeof value.traceparent !== "string") return undefined;
    return typeof value.tracestate === "string"
      ? { traceparent: value.traceparent, tracestate: value.tracestate }
      : { traceparent: value.traceparent };
  } catch {
    return undefined;
  }
}
