import { context, trace, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { WorkflowEvent } from "@awaitly/core";
import { createOtelEventHandler } from "@awaitly/otel";
import { summariseSpans } from "./span-summary";

export type Tracing = {
  tracer: Tracer;
  /** Feeds workflow events to @awaitly/otel: a span per run and per step. */
  onEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  /** Runs `fn` inside an active span, so the workflow's spans become its children. */
  inSpan: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** With the `"summary"` exporter: one line per trace so far; otherwise empty. */
  summary: () => string[];
  shutdown: () => Promise<void>;
};

/**
 * OpenTelemetry as an app wires it: a tracer provider with an exporter and async-hooks context, so
 * spans started during a request nest under the request's span. `"summary"` keeps spans in memory
 * and prints one line per trace (the demo's default); `"console"` prints every span.
 */
export function setupTracing(options: {
  exporter: "console" | "summary" | "none" | SpanExporter;
}): Tracing {
  const memory = options.exporter === "summary" ? new InMemorySpanExporter() : undefined;
  const exporter =
    options.exporter === "console"
      ? new ConsoleSpanExporter()
      : options.exporter === "none"
        ? undefined
        : options.exporter === "summary"
          ? memory
          : options.exporter;
  // The console exporter is batched so spans print together (at shutdown), not between log lines.
  const processor =
    exporter === undefined
      ? undefined
      : options.exporter === "console"
        ? new BatchSpanProcessor(exporter, {
            scheduledDelayMillis: 60_000,
            maxExportBatchSize: 10_000,
            maxQueueSize: 10_000,
          })
        : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: processor ? [processor] : [] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracer = provider.getTracer("awaitly-checkout");
  let closed = false;
  const handler = createOtelEventHandler({ tracer, serviceName: "checkout" });

  return {
    tracer,
    onEvent: (event) => handler.handleEvent(event),
    inSpan: (name, fn) =>
      tracer.startActiveSpan(name, async (span) => {
        try {
          return await fn();
        } finally {
          span.end();
        }
      }),
    summary: () => (memory ? summariseSpans(memory.getFinishedSpans()) : []),
    async shutdown() {
      if (closed) return;
      closed = true;
      await provider.shutdown();
      // Leave the process clean for the next setup (tests create several).
      context.disable();
      trace.disable();
    },
  };
}
