import type { WorkflowEvent } from "@awaitly/core";
import { spanName } from "./internal/span-name";

type Attributes = Record<string, string | number | boolean>;

/** Options of `createAutotelAdapter`. */
export interface AutotelAdapterConfig {
  /** Prefix of step names in `stepDurations`. Defaults to `"workflow"`. */
  serviceName?: string | undefined;
  /** Track step starts so step ends can be timed. Defaults to `true`. */
  createStepSpans?: boolean | undefined;
  /** Record step durations and cache hit/miss counts. Defaults to `true`. */
  recordMetrics?: boolean | undefined;
  /** Copied onto every duration record. Defaults to `{}`. */
  defaultAttributes?: Attributes | undefined;
  /** Count `step_retry` events. Defaults to `true`. */
  recordRetryEvents?: boolean | undefined;
  /** Accepted for 1.0.0 compatibility; errors are always counted. Defaults to `true`. */
  markErrorsOnSpan?: boolean | undefined;
}

/** What `createAutotelAdapter` has counted. */
export interface AutotelMetrics {
  stepDurations: Array<{
    name: string;
    durationMs: number;
    success: boolean;
    attributes?: Attributes | undefined;
  }>;
  retryCount: number;
  errorCount: number;
  cacheHits: number;
  cacheMisses: number;
  defaultAttributes: Attributes;
}

/** An `onEvent` listener keeping in-memory workflow metrics. */
export interface AutotelAdapter {
  handleEvent: (event: WorkflowEvent<unknown>) => void;
  getActiveSpansCount: () => { workflows: number; steps: number };
  getMetrics: () => AutotelMetrics;
  reset: () => void;
}

type StepStart = {
  workflowId: string;
  stepId: string;
  stepKey?: string | undefined;
  name?: string | undefined;
  startTime: number;
};

/**
 * In-memory workflow metrics from events: step durations, retries, errors, cache hits/misses, and
 * the workflows and steps still running. For real spans and metrics use `createOtelEventHandler`.
 * @example
 * const metrics = createAutotelAdapter({ serviceName: "checkout" });
 * const workflow = createWorkflow(deps, { onEvent: metrics.handleEvent });
 */
export function createAutotelAdapter(config: AutotelAdapterConfig = {}): AutotelAdapter {
  const serviceName = config.serviceName ?? "workflow";
  const createStepSpans = config.createStepSpans ?? true;
  const recordMetrics = config.recordMetrics ?? true;
  const recordRetryEvents = config.recordRetryEvents ?? true;
  const defaultAttributes = config.defaultAttributes ?? {};
  const workflows = new Map<string, { workflowId: string; startTime: number }>();
  const steps = new Map<string, StepStart>();
  const metrics: AutotelMetrics = {
    stepDurations: [],
    retryCount: 0,
    errorCount: 0,
    cacheHits: 0,
    cacheMisses: 0,
    defaultAttributes,
  };

  const handleEvent = (event: WorkflowEvent<unknown>): void => {
    switch (event.type) {
      case "workflow_start":
        workflows.set(event.workflowId, { workflowId: event.workflowId, startTime: event.ts });
        return;
      case "workflow_success":
        workflows.delete(event.workflowId);
        return;
      case "workflow_error":
        workflows.delete(event.workflowId);
        metrics.errorCount += 1;
        return;
      case "step_start":
        // Step timing is needed for metrics even when no spans are wanted.
        if (createStepSpans || recordMetrics) {
          steps.set(event.stepId, {
            workflowId: event.workflowId,
            stepId: event.stepId,
            stepKey: event.stepKey,
            name: event.name,
            startTime: event.ts,
          });
        }
        return;
      case "step_success":
      case "step_error": {
        if (event.type === "step_error") metrics.errorCount += 1;
        const start = steps.get(event.stepId);
        if (!start) return;
        steps.delete(event.stepId);
        if (recordMetrics) {
          metrics.stepDurations.push({
            name: spanName(serviceName, start.name, start.stepKey),
            durationMs: event.durationMs,
            success: event.type === "step_success",
            attributes:
              Object.keys(defaultAttributes).length > 0 ? { ...defaultAttributes } : undefined,
          });
        }
        return;
      }
      case "step_retry":
        if (recordRetryEvents) metrics.retryCount += 1;
        return;
      case "step_cache_hit":
        if (recordMetrics) metrics.cacheHits += 1;
        return;
      case "step_cache_miss":
        if (recordMetrics) metrics.cacheMisses += 1;
        return;
      default:
        return;
    }
  };

  return {
    handleEvent,
    getActiveSpansCount: () => ({
      workflows: workflows.size,
      steps: createStepSpans ? steps.size : 0,
    }),
    getMetrics: () => ({ ...metrics, stepDurations: [...metrics.stepDurations] }),
    reset() {
      workflows.clear();
      steps.clear();
      metrics.stepDurations.length = 0;
      metrics.retryCount = 0;
      metrics.errorCount = 0;
      metrics.cacheHits = 0;
      metrics.cacheMisses = 0;
    },
  };
}
