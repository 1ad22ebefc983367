// awaitly 1.0.0 surface
export type { AutotelAdapterConfig, AutotelMetrics, AutotelAdapter } from "./autotel-adapter";
export { createAutotelAdapter } from "./autotel-adapter";
export { createAutotelEventHandler } from "./autotel-event-handler";
export type { AutotelTraceFn } from "./autotel-tracing";
export { withAutotelTracing } from "./autotel-tracing";

// Real OpenTelemetry spans and metrics
export type { OtelEventHandlerOptions, OtelEventHandler } from "./otel-event-handler";
export { createOtelEventHandler } from "./otel-event-handler";
export type { AroundCompensation, CompensationRef } from "./internal/compensation-span";
export { AWAITLY_ATTRIBUTES, AWAITLY_METRICS } from "./attributes";
export { withoutTracing } from "./tracing-switch";
export type { RunTracingAdapter, RunTracingOptions } from "./run-tracing";
export { createRunTracing } from "./run-tracing";
