import {
  context,
  metrics,
  trace,
  type Attributes,
  type Meter,
  type Tracer,
} from "@opentelemetry/api";
import type { AroundStep, WorkflowEvent } from "@awaitly/core";
import { createCompensationTracer, type AroundCompensation } from "./internal/compensation-span";
import { createMetricRecorder } from "./internal/metric-recorder";
import { createRunRegistry } from "./internal/run-registry";
import { createSpanRecorder } from "./internal/span-recorder";
import { disabledByEnv } from "./tracing-switch";
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
  /**
   * Turns the handler off (no spans, no metrics, `aroundStep` only calls through). Defaults to
   * `true` unless the environment variable `AWAITLY_OTEL_DISABLED` is `1` or `true`.
   */
  enabled?: boolean | undefined;
}

const DISABLED: OtelEventHandler = {
  handleEvent: () => {},
  aroundStep: (_step, operation) => operation(),
  aroundCompensation: (_compensation, compensate) => compensate(),
  activeSpans: () => ({ workflows: 0, scopes: 0, steps: 0 }),
  endAll: () => {},
};

/** An `onEvent` listener turning workflow events into OpenTelemetry spans and metrics. */
export interface OtelEventHandler {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  /**
   * Pass as the workflow's (or `run`'s) `aroundStep` option: each step's operation then runs with
   * the step's span as the active context, so instrumented libraries (http, pg, ioredis) nest
   * their spans under it.
   */
  aroundStep: AroundStep;
  /**
   * Pass as a saga's `aroundCompensation` option (`@awaitly/saga`): each compensation that runs
   * after a failure gets a span, active while it runs, with the compensated step's name and keys.
   */
  aroundCompensation: AroundCompensation;
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
 * const workflow = createWorkflow(deps, { onEvent: otel.handleEvent, aroundStep: otel.aroundStep });
 */
export function createOtelEventHandler(options: OtelEventHandlerOptions = {}): OtelEventHandler {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `createOtelEventHandler: options must be an object, got ${String(options)}`,
    );
  }
  if (!(options.enabled ?? !disabledByEnv())) return DISABLED;
  const tracer: Tracer = options.tracer ?? trace.getTracer("@awaitly/otel", VERSION);
  const meter: Meter = options.meter ?? metrics.getMeter("@awaitly/otel", VERSION);
  const base: Attributes = { ...(options.defaultAttributes ?? {}) };
  const runs = createRunRegistry();
  const serviceName = options.serviceName ?? "workflow";
  const recordSpans = createSpanRecorder(
    {
      tracer,
      serviceName,
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
    aroundStep(step, operation) {
      const ctx = runs.get(step.workflowId)?.steps.get(step.stepId)?.ctx;
      return ctx === undefined ? operation() : context.with(ctx, operation);
    },
    aroundCompensation: createCompensationTracer(tracer, serviceName, base),
    activeSpans: () => runs.activeSpans(),
    endAll: () => runs.endAll(Date.now()),
  };
}
