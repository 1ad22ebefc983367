import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

const millis = (span: ReadableSpan): number => span.duration[0] * 1_000 + span.duration[1] / 1e6;

/**
 * One line per request (root span): its workflow spans and how many step spans each had, so the
 * demo shows the shape of the traces without printing every attribute of every span.
 */
export function summariseSpans(spans: readonly ReadableSpan[]): string[] {
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent === undefined) continue;
    const siblings = children.get(parent) ?? [];
    siblings.push(span);
    children.set(parent, siblings);
  }
  const known = new Set(spans.map((span) => span.spanContext().spanId));
  const roots = spans
    .filter((span) => {
      const parent = span.parentSpanContext?.spanId;
      return parent === undefined || !known.has(parent);
    })
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

  const countDescendants = (span: ReadableSpan): number =>
    (children.get(span.spanContext().spanId) ?? []).reduce(
      (total, child) => total + 1 + countDescendants(child),
      0,
    );

  const lines = [`${spans.length} spans in ${roots.length} traces:`];
  for (const root of roots) {
    const nested = (children.get(root.spanContext().spanId) ?? []).map((child) => {
      const steps = children.get(child.spanContext().spanId)?.length ?? 0;
      const status = child.status.code === SpanStatusCode.ERROR ? "error" : "ok";
      return `${child.name} (${status}, ${steps} step span${steps === 1 ? "" : "s"})`;
    });
    const detail = nested.length > 0 ? ` → ${nested.join(", ")}` : "";
    lines.push(
      `  ${root.name} ${millis(root).toFixed(1)}ms, ${countDescendants(root)} child spans${detail}`,
    );
  }
  return lines;
}
