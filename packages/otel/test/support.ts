import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";

/** A metric reader the test pulls from (no timers). */
class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The real SDK wired in memory: spans to an InMemorySpanExporter, metrics to a pull reader. */
export function createTelemetry() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  return {
    tracerProvider,
    tracer: tracerProvider.getTracer("test"),
    meter: meterProvider.getMeter("test"),
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /**
     * Waits for pending exports (the in-memory exporter settles each on a timer), then drops the
     * finished spans, so memory tests measure the handler and not the exporter.
     */
    async forgetSpans() {
      await tracerProvider.forceFlush();
      exporter.reset();
    },
    span: (name: string): ReadableSpan => {
      const found = exporter.getFinishedSpans().find((s) => s.name === name);
      if (!found)
        throw new Error(
          `no span named ${name}: ${exporter
            .getFinishedSpans()
            .map((s) => s.name)
            .join(", ")}`,
        );
      return found;
    },
    async points(metricName: string): Promise<DataPoint<number | Histogram>[]> {
      const { resourceMetrics } = await reader.collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name === metricName)
            return metric.dataPoints as DataPoint<number | Histogram>[];
        }
      }
      return [];
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
      trace.disable();
    },
  };
}

export const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
export const idOf = (span: ReadableSpan) => span.spanContext().spanId;
