import type { TraceCarrier as Carrier } from "@awaitly/core";
import { createTraceState, isSpanContextValid, type SpanContext } from "@opentelemetry/api";

// version 00: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`; later versions may append.
const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;

/** @internal A span context as a W3C `traceparent` (+ `tracestate`); none for an invalid one. */
export function toCarrier(span: SpanContext): Carrier | undefined {
  if (!isSpanContextValid(span)) return undefined;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, "0");
  const traceparent = `00-${span.traceId}-${span.spanId}-${flags}`;
  const tracestate = span.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** @internal A remote span context from a carrier; none when it is not W3C Trace Context. */
export function fromCarrier(carrier: Carrier | undefined): SpanContext | undefined {
  const match = carrier === undefined ? null : TRACEPARENT.exec(carrier.traceparent);
  if (!match || match[1] === "ff" || (match[1] === "00" && match[5] !== undefined)) {
    return undefined;
  }
  const span: SpanContext = {
    traceId: match[2] as string,
    spanId: match[3] as string,
    traceFlags: parseInt(match[4] as string, 16) & 1,
    isRemote: true,
  };
  if (carrier?.tracestate) span.traceState = createTraceState(carrier.tracestate);
  return isSpanContextValid(span) ? span : undefined;
}
