import { metrics, trace, type Attributes, type Meter, type Tracer } from "@opentelemetry/api";
import type { WorkflowEvent } from "@awaitly/core";
import { createMetricRecorder } from "./internal/metric-recorder";
import { createRunRegistry } from "./internal/run-registry";
import { createSpanRecorder } from "./internal/span-recorder";
import { VERSION } from "./internal/version";

/** Options of `createOtelEventHandler`. */
export interface OtelEventHandlerOptions {
  /** Tracer for the spans. Defaults to the global `trace.getTracer("@awaitly/otel")` (a no-op until an SDK is registered). */
  tracer?: Tracer | undefined;
  /** Meter for the metrics. Defaults to the global `metrics.getMeter("@awaitly/otel")`. */
  meter?: Meter | undefined;
  /** Prefix of span names (`<serviceName>.workflow`, `<serviceName>.<step name>`). Defaults to `"workflow"`. */
  serviceName?: string | undefined;
  /** Added to every span and metric data point; keep them low-cardinality. Defaults to `{}`. */
  defaultAttributes?: Attributes | undefined;
  /** Create a span per step (runs and scopes always get one). Defaults to `true`. */
  createStepSpans?: boolean | undefined;
  /** Record metrics through the meter. Defaults to `true`. */
  recordMetrics?: boolean | undefined;
}

/** An `onEvent` listener turning workflow events into OpenTelemetry spans and metrics. */
export interface OtelEventHandler {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  /** Spans started and not yet ended. */
  activeSpans: () => { workflows: number; scopes: number; steps: number };
  /** Ends every open span (marked `awaitly.step.outcome = "abandoned"`), e.g. before shutdown. */
  endAll: () => void;
}

/**
 * Real OpenTelemetry output for any workflow's `onEvent`: a span per run (a child of whatever span
 * is active when the run starts, e.g. the HTTP request's), a span per scope (`parallel`, `race`,
 * `allSettled`) parenting its steps, and a span per step with its key, attempts and cache hits;
 * retries and timeouts are span events, failures set status ERROR and record the cause. Metrics:
 * step duration histogram, counters for errors, retries, timeouts, cache hits/misses and outcomes.
 * @example
 * const otel = createOtelEventHandler({ serviceName: "checkout" });
 * const workflow = createWorkflow(deps, { onEvent: otel.handleEvent });
 */
export function createOtelEventHandler(options: OtelEventHandlerOptions = {}): OtelEventHandler {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `createOtelEventHandler: options must be an object, got ${String(options)}`,
    );
  }
  const tracer: Tracer = options.tracer ?? trace.getTracer("@awaitly/otel", VERSION);
  const meter: Meter = options.meter ?? metrics.getMeter("@awaitly/otel", VERSION);
  const base: Attributes = { ...(options.defaultAttributes ?? {}) };
  const runs = createRunRegistry();
  const recordSpans = createSpanRecorder(
    {
      tracer,
      serviceName: options.serviceName ?? "workflow",
      base,
      createStepSpans: options.createStepSpans ?? true,
    },
    runs,
  );
  const recordMetrics =
    (options.recordMetrics ?? true) ? createMetricRecorder(meter, base) : undefined;

  return {
    handleEvent(event) {
      recordMetrics?.(event);
      recordSpans(event);
    },
    activeSpans: () => runs.activeSpans(),
    endAll: () => runs.endAll(Date.now()),
  };
}
