import { appendFileSync } from "node:fs";
import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** One line of a span file: a span as it started, or as it ended. */
export type SpanLine = {
  phase: "start" | "end";
  pid: number;
  name: string;
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  status: number;
};

const line = (phase: SpanLine["phase"], span: ReadableSpan): SpanLine => ({
  phase,
  pid: process.pid,
  name: span.name,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentId: span.parentSpanContext?.spanId,
  attributes: { ...span.attributes },
  links: span.links.map((l) => ({
    traceId: l.context.traceId,
    spanId: l.context.spanId,
    attributes: { ...(l.attributes ?? {}) },
  })),
  status: span.status.code,
});

/**
 * A span processor writing each span's start and end to a file, synchronously: what a process
 * killed with SIGKILL had started (and never ended) is on disk.
 */
export function spanFileProcessor(file: string): SpanProcessor {
  const write = (entry: SpanLine) => appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return {
    onStart: (span: Span, _parent: Context) => write(line("start", span)),
    onEnd: (span: ReadableSpan) => write(line("end", span)),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
