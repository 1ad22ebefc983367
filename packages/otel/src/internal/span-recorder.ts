import {
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import type { WorkflowEvent } from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A } from "../attributes";
import { errorType, failureOutcome } from "./error-type";
import { failSpan } from "./fail-span";
import type { RunRegistry, RunState } from "./run-registry";
import { spanName } from "./span-name";
import { isUntraced } from "../tracing-switch";

/** @internal What the span side needs from the handler's options. */
export type SpanRecorderOptions = {
  tracer: Tracer;
  serviceName: string;
  base: Attributes;
  createStepSpans: boolean;
};

// A bare run's first span tells whether anything records it; a dark run stays dark.
const settle = (state: RunState, span: Span): boolean => {
  if (state.dark === undefined) state.dark = !span.isRecording();
  return !state.dark;
};
const parentCtx = (state: RunState): Context => state.scopes.at(-1)?.ctx ?? state.ctx;
const anchor = (state: RunState): Span | undefined => state.scopes.at(-1)?.span ?? state.span;

/** @internal The span side of the handler: run → scope → step spans and their span events. */
export function createSpanRecorder(
  { tracer, serviceName, base, createStepSpans }: SpanRecorderOptions,
  runs: RunRegistry,
): (event: WorkflowEvent<unknown, unknown>) => void {
  const openStep = (
    event: Extract<WorkflowEvent<unknown, unknown>, { type: "step_start" }>,
  ): void => {
    const state = runs.runOf(event.workflowId);
    if (!state.dark) {
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
      if (settle(state, span)) {
        const ctx = trace.setSpan(parentCtx(state), span);
        state.steps.set(event.stepId, { span, ctx, started: event.ts, name: event.name });
      }
    }
    runs.release(event.workflowId, state);
  };

  const closeStep = (
    event: Extract<
      WorkflowEvent<unknown, unknown>,
      { type: "step_success" | "step_error" | "step_aborted" }
    >,
  ): void => {
    const state = runs.get(event.workflowId);
    const step = state?.steps.get(event.stepId);
    if (!state || !step) return;
    state.steps.delete(event.stepId);
    runs.release(event.workflowId, state);
    const outcome =
      event.type === "step_success"
        ? "success"
        : event.type === "step_error"
          ? failureOutcome(event.error)
          : "aborted";
    step.span.setAttribute(A.stepOutcome, outcome);
    step.span.setAttribute(A.stepDurationMs, event.durationMs);
    if (event.type === "step_error" && outcome === "error") failSpan(step.span, event.error);
    step.span.end(step.started + event.durationMs);
  };

  const cachedStep = (
    event: Extract<WorkflowEvent<unknown, unknown>, { type: "step_cache_hit" }>,
  ): void => {
    const state = runs.runOf(event.workflowId);
    if (!state.dark) {
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
    }
    runs.release(event.workflowId, state);
  };

  return (event) => {
    switch (event.type) {
      case "workflow_start": {
        const parent = context.active();
        if (isUntraced(parent)) {
          runs.start(event.workflowId, { span: undefined, dark: true, ctx: parent });
          return;
        }
        const span = tracer.startSpan(`${serviceName}.workflow`, { startTime: event.ts }, parent);
        if (!span.isRecording()) {
          runs.start(event.workflowId, { span: undefined, dark: true, ctx: parent });
          return;
        }
        span.setAttributes({ ...base, [A.workflowId]: event.workflowId });
        runs.start(event.workflowId, { span, dark: false, ctx: trace.setSpan(parent, span) });
        return;
      }
      case "workflow_success":
      case "workflow_error": {
        const state = runs.finish(event.workflowId);
        if (!state) return;
        runs.endOpen(state, event.ts);
        if (!state.span) return;
        const outcome = event.type === "workflow_success" ? "success" : failureOutcome(event.error);
        state.span.setAttribute(A.workflowOutcome, outcome);
        if (event.type === "workflow_error" && outcome === "error")
          failSpan(state.span, event.error);
        state.span.end(event.ts);
        return;
      }
      case "scope_start": {
        const state = runs.runOf(event.workflowId);
        if (state.dark) return runs.release(event.workflowId, state);
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
        if (settle(state, span)) {
          state.scopes.push({ id: event.scopeId, span, ctx: trace.setSpan(parent, span) });
        }
        runs.release(event.workflowId, state);
        return;
      }
      case "scope_end": {
        const state = runs.get(event.workflowId);
        const index = state?.scopes.findIndex((s) => s.id === event.scopeId) ?? -1;
        if (!state || index < 0) return;
        const [scope] = state.scopes.splice(index, 1);
        runs.release(event.workflowId, state);
        if (!scope) return;
        if (event.winnerId !== undefined) scope.span.setAttribute(A.scopeWinnerId, event.winnerId);
        scope.span.end(event.ts);
        return;
      }
      case "step_start":
        if (createStepSpans) openStep(event);
        return;
      case "step_success":
      case "step_error":
      case "step_aborted":
        closeStep(event);
        return;
      case "step_cache_hit":
        if (createStepSpans) cachedStep(event);
        return;
      case "step_retry": {
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
            [A.errorTypeSemconv]: errorType(event.error),
          },
          event.ts,
        );
        return;
      }
      case "step_timeout":
        runs
          .get(event.workflowId)
          ?.steps.get(event.stepId)
          ?.span.addEvent(
            "awaitly.step.timeout",
            { [A.timeoutMs]: event.timeoutMs, [A.stepAttempt]: event.attempt ?? 1 },
            event.ts,
          );
        return;
      case "step_retries_exhausted":
        runs
          .get(event.workflowId)
          ?.steps.get(event.stepId)
          ?.span.addEvent(
            "awaitly.step.retries_exhausted",
            { [A.stepAttempt]: event.attempts },
            event.ts,
          );
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
      case "hook_after_step_error":
        runs
          .get(event.workflowId)
          ?.span?.addEvent(
            `awaitly.${event.type}`,
            { [A.stepKey]: event.stepKey, "awaitly.hook.duration_ms": event.durationMs },
            event.ts,
          );
        return;
      default:
        return;
    }
  };
}
