import {
  context,
  createNoopMeter,
  metrics,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Meter,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import type { WorkflowEvent } from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A, AWAITLY_METRICS as M } from "./attributes";
import { spanName } from "./internal/span-name";
import { errorOf, errorType } from "./internal/error-type";

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

type StepSpan = { span: Span; started: number; name: string | undefined };
type RunState = {
  span: Span | undefined;
  /** Nothing records this run's spans (no SDK, or sampled out): skip all span work. */
  dark: boolean | undefined;
  ctx: Context;
  scopes: { id: string; span: Span; ctx: Context }[];
  steps: Map<string, StepSpan>;
};

const VERSION = "1.0.0";

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
  const tracer = options.tracer ?? trace.getTracer("@awaitly/otel", VERSION);
  const meter = options.meter ?? metrics.getMeter("@awaitly/otel", VERSION);
  const serviceName = options.serviceName ?? "workflow";
  const base: Attributes = { ...(options.defaultAttributes ?? {}) };
  const createStepSpans = options.createStepSpans ?? true;
  const recordMetrics = options.recordMetrics ?? true;

  // Without a registered MeterProvider the meter is the API's no-op: skip building attributes.
  const noopMeter = meter.constructor === createNoopMeter().constructor;
  const instruments =
    recordMetrics && !noopMeter
      ? {
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
          workflowRuns: meter.createCounter(M.workflowRuns, {
            description: "Workflow runs by outcome",
          }),
          workflowDuration: meter.createHistogram(M.workflowDuration, {
            unit: "ms",
            description: "Duration of workflow runs",
          }),
        }
      : undefined;

  const runs = new Map<string, RunState>();
  // Metric attributes: the step's name only (never ids or keys, which can be unbounded).
  const stepMetricAttrs = (name: string | undefined, extra?: Attributes): Attributes => ({
    ...base,
    [A.stepName]: name ?? "anonymous",
    ...extra,
  });

  const runOf = (workflowId: string): RunState => {
    let state = runs.get(workflowId);
    if (!state) {
      // A bare run() has no workflow_start: its spans join whatever context is active now.
      state = {
        span: undefined,
        dark: undefined,
        ctx: context.active(),
        scopes: [],
        steps: new Map(),
      };
      runs.set(workflowId, state);
    }
    return state;
  };
  // A bare run's first span tells whether anything records it; a dark run stays dark.
  const settle = (state: RunState, span: Span): boolean => {
    if (state.dark === undefined) state.dark = !span.isRecording();
    return !state.dark;
  };
  const parentCtx = (state: RunState): Context => state.scopes.at(-1)?.ctx ?? state.ctx;
  const anchor = (state: RunState): Span | undefined => state.scopes.at(-1)?.span ?? state.span;

  const fail = (span: Span, error: unknown) => {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
    span.setAttribute(A.errorType, errorType(error));
    const cause = errorOf(error);
    if (cause) span.recordException(cause);
  };

  const handleEvent = (event: WorkflowEvent<unknown, unknown>): void => {
    switch (event.type) {
      case "workflow_start": {
        const parent = context.active();
        const span = tracer.startSpan(`${serviceName}.workflow`, { startTime: event.ts }, parent);
        if (!span.isRecording()) {
          runs.set(event.workflowId, {
            span: undefined,
            dark: true,
            ctx: parent,
            scopes: [],
            steps: new Map(),
          });
          return;
        }
        span.setAttributes({ ...base, [A.workflowId]: event.workflowId });
        runs.set(event.workflowId, {
          span,
          dark: false,
          ctx: trace.setSpan(parent, span),
          scopes: [],
          steps: new Map(),
        });
        return;
      }
      case "workflow_success":
      case "workflow_error": {
        const state = runs.get(event.workflowId);
        runs.delete(event.workflowId);
        const outcome = event.type === "workflow_success" ? "success" : "error";
        instruments?.workflowRuns.add(1, { ...base, [A.workflowOutcome]: outcome });
        instruments?.workflowDuration.record(event.durationMs, {
          ...base,
          [A.workflowOutcome]: outcome,
        });
        if (!state) return;
        endOpen(state, event.ts);
        if (!state.span) return;
        state.span.setAttribute(A.workflowOutcome, outcome);
        if (event.type === "workflow_error") fail(state.span, event.error);
        state.span.end(event.ts);
        return;
      }
      case "scope_start": {
        const state = runOf(event.workflowId);
        if (state.dark) return;
        const parent = parentCtx(state);
        const span = tracer.startSpan(
          `${serviceName}.${event.scopeType}${event.name ? ` ${event.name}` : ""}`,
          {
            startTime: event.ts,
            attributes: {
              ...base,
              [A.workflowId]: event.workflowId,
              [A.scopeId]: event.scopeId,
              [A.scopeType]: event.scopeType,
            },
          },
          parent,
        );
        if (!settle(state, span)) return;
        state.scopes.push({ id: event.scopeId, span, ctx: trace.setSpan(parent, span) });
        return;
      }
      case "scope_end": {
        const state = runs.get(event.workflowId);
        const index = state?.scopes.findIndex((s) => s.id === event.scopeId) ?? -1;
        if (!state || index < 0) return;
        const [scope] = state.scopes.splice(index, 1);
        if (!scope) return;
        if (event.winnerId !== undefined) scope.span.setAttribute(A.scopeWinnerId, event.winnerId);
        scope.span.end(event.ts);
        return;
      }
      case "step_start": {
        if (!createStepSpans) return;
        const state = runOf(event.workflowId);
        if (state.dark) return;
        const attributes: Attributes = {
          ...base,
          [A.workflowId]: event.workflowId,
          [A.stepId]: event.stepId,
          [A.stepCacheHit]: false,
          [A.stepAttempt]: 1,
        };
        if (event.stepKey !== undefined) attributes[A.stepKey] = event.stepKey;
        if (event.name !== undefined) attributes[A.stepName] = event.name;
        const span = tracer.startSpan(
          spanName(serviceName, event.name, event.stepKey),
          { startTime: event.ts, attributes },
          parentCtx(state),
        );
        if (!settle(state, span)) return;
        state.steps.set(event.stepId, { span, started: event.ts, name: event.name });
        return;
      }
      case "step_retry": {
        instruments?.stepRetries.add(1, stepMetricAttrs(event.name));
        const step = runs.get(event.workflowId)?.steps.get(event.stepId);
        if (!step) return;
        step.span.setAttribute(A.stepAttempt, event.attempt);
        step.span.addEvent(
          "awaitly.step.retry",
          {
            [A.stepAttempt]: event.attempt,
            [A.stepMaxAttempts]: event.maxAttempts,
            [A.retryDelayMs]: event.delayMs,
            [A.errorType]: errorType(event.error),
          },
          event.ts,
        );
        return;
      }
      case "step_timeout": {
        instruments?.stepTimeouts.add(1, stepMetricAttrs(event.name));
        runs
          .get(event.workflowId)
          ?.steps.get(event.stepId)
          ?.span.addEvent(
            "awaitly.step.timeout",
            { [A.timeoutMs]: event.timeoutMs, [A.stepAttempt]: event.attempt ?? 1 },
            event.ts,
          );
        return;
      }
      case "step_retries_exhausted": {
        runs
          .get(event.workflowId)
          ?.steps.get(event.stepId)
          ?.span.addEvent(
            "awaitly.step.retries_exhausted",
            { [A.stepAttempt]: event.attempts },
            event.ts,
          );
        return;
      }
      case "step_success":
      case "step_error":
      case "step_aborted": {
        const outcome =
          event.type === "step_success"
            ? "success"
            : event.type === "step_error"
              ? "error"
              : "aborted";
        if (event.type !== "step_aborted") {
          instruments?.stepDuration.record(
            event.durationMs,
            stepMetricAttrs(event.name, { [A.stepOutcome]: outcome }),
          );
        }
        if (event.type === "step_error") {
          instruments?.stepErrors.add(
            1,
            stepMetricAttrs(event.name, { [A.errorType]: errorType(event.error) }),
          );
        }
        const state = runs.get(event.workflowId);
        const step = state?.steps.get(event.stepId);
        if (!state || !step) return;
        state.steps.delete(event.stepId);
        step.span.setAttribute(A.stepOutcome, outcome);
        step.span.setAttribute(A.stepDurationMs, event.durationMs);
        if (event.type === "step_error") fail(step.span, event.error);
        step.span.end(step.started + event.durationMs);
        return;
      }
      case "step_cache_hit": {
        instruments?.cacheHits.add(1, stepMetricAttrs(event.name));
        if (!createStepSpans) return;
        const state = runOf(event.workflowId);
        if (state.dark) return;
        const attributes: Attributes = {
          ...base,
          [A.workflowId]: event.workflowId,
          [A.stepKey]: event.stepKey,
          [A.stepCacheHit]: true,
          [A.stepOutcome]: "cached",
        };
        if (event.name !== undefined) attributes[A.stepName] = event.name;
        tracer
          .startSpan(
            spanName(serviceName, event.name, event.stepKey),
            { startTime: event.ts, attributes },
            parentCtx(state),
          )
          .end(event.ts);
        return;
      }
      case "step_cache_miss":
        instruments?.cacheMisses.add(1, stepMetricAttrs(event.name));
        return;
      case "step_skipped": {
        const state = runs.get(event.workflowId);
        const target = state ? anchor(state) : undefined;
        target?.addEvent(
          "awaitly.step.skipped",
          {
            ...(event.name !== undefined ? { [A.stepName]: event.name } : {}),
            ...(event.stepKey !== undefined ? { [A.stepKey]: event.stepKey } : {}),
            ...(event.reason !== undefined ? { [A.skipReason]: event.reason } : {}),
          },
          event.ts,
        );
        return;
      }
      case "hook_after_step":
      case "hook_after_step_error": {
        const span = runs.get(event.workflowId)?.span;
        span?.addEvent(
          `awaitly.${event.type}`,
          { [A.stepKey]: event.stepKey, "awaitly.hook.duration_ms": event.durationMs },
          event.ts,
        );
        return;
      }
      default:
        return;
    }
  };

  function endOpen(state: RunState, ts: number) {
    for (const step of state.steps.values()) {
      step.span.setAttribute(A.stepOutcome, "abandoned");
      step.span.end(ts);
    }
    state.steps.clear();
    for (const scope of state.scopes.splice(0).reverse()) scope.span.end(ts);
  }

  return {
    handleEvent,
    activeSpans() {
      let scopes = 0;
      let steps = 0;
      let workflows = 0;
      for (const state of runs.values()) {
        if (state.span) workflows++;
        scopes += state.scopes.length;
        steps += state.steps.size;
      }
      return { workflows, scopes, steps };
    },
    endAll() {
      const now = Date.now();
      for (const state of runs.values()) {
        endOpen(state, now);
        state.span?.setAttribute(A.workflowOutcome, "abandoned");
        state.span?.end(now);
      }
      runs.clear();
    },
  };
}
