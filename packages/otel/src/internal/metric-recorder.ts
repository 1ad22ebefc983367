import { createNoopMeter, type Attributes, type Meter } from "@opentelemetry/api";
import type { WorkflowEvent } from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A, AWAITLY_METRICS as M } from "../attributes";
import { errorType, failureOutcome } from "./error-type";

function createInstruments(meter: Meter) {
  return {
    stepDuration: meter.createHistogram(M.stepDuration, {
      unit: "ms",
      description: "Duration of workflow steps, all attempts included",
    }),
    stepErrors: meter.createCounter(M.stepErrors, { description: "Steps that failed" }),
    stepRetries: meter.createCounter(M.stepRetries, { description: "Step retries" }),
    stepTimeouts: meter.createCounter(M.stepTimeouts, {
      description: "Step attempts that timed out",
    }),
    cacheHits: meter.createCounter(M.cacheHits, {
      description: "Keyed steps replayed from cache or resume state",
    }),
    cacheMisses: meter.createCounter(M.cacheMisses, {
      description: "Keyed steps that had to execute",
    }),
    workflowRuns: meter.createCounter(M.workflowRuns, { description: "Workflow runs by outcome" }),
    workflowDuration: meter.createHistogram(M.workflowDuration, {
      unit: "ms",
      description: "Duration of workflow runs",
    }),
  };
}

/**
 * @internal The metric side of the handler: one listener recording every event's data points, or
 * `undefined` when metrics are off or the meter is the API's no-op (no attributes built for nothing).
 */
export function createMetricRecorder(
  meter: Meter,
  base: Attributes,
): ((event: WorkflowEvent<unknown, unknown>) => void) | undefined {
  if (meter.constructor === createNoopMeter().constructor) return undefined;
  const m = createInstruments(meter);
  // Metric attributes: the step's name only (never ids or keys, which can be unbounded).
  const step = (name: string | undefined, extra?: Attributes): Attributes => ({
    ...base,
    [A.stepName]: name ?? "anonymous",
    ...extra,
  });

  return (event) => {
    switch (event.type) {
      case "workflow_success":
      case "workflow_error": {
        const outcome = event.type === "workflow_success" ? "success" : failureOutcome(event.error);
        const attributes = { ...base, [A.workflowOutcome]: outcome };
        m.workflowRuns.add(1, attributes);
        m.workflowDuration.record(event.durationMs, attributes);
        return;
      }
      case "step_retry":
        m.stepRetries.add(1, step(event.name));
        return;
      case "step_timeout":
        m.stepTimeouts.add(1, step(event.name));
        return;
      case "step_success":
        m.stepDuration.record(event.durationMs, step(event.name, { [A.stepOutcome]: "success" }));
        return;
      case "step_error": {
        const outcome = failureOutcome(event.error);
        m.stepDuration.record(event.durationMs, step(event.name, { [A.stepOutcome]: outcome }));
        if (outcome === "error")
          m.stepErrors.add(1, step(event.name, { [A.errorType]: errorType(event.error) }));
        return;
      }
      case "step_cache_hit":
        m.cacheHits.add(1, step(event.name));
        return;
      case "step_cache_miss":
        m.cacheMisses.add(1, step(event.name));
        return;
      default:
        return;
    }
  };
}
