import type { StepFailureMeta } from "../early-exit";
import type { Result } from "../../result/result";
import type { RunContext, Scope } from "./run-context";
import { Running } from "./running";

type AnyResult = Result<unknown, unknown, unknown>;

/**
 * @internal Identity of one step call, fixed when the step is called. It is also the step's node
 * in the run's list of running steps (see running.ts), so a listened step allocates one object for
 * both; a class for the reason given on `RunContext`.
 */
export class StepIdentity extends Running {
  declare readonly stepId: string;
  declare readonly stepKey: string | undefined;
  declare readonly name: string | undefined;
  /** Monotonic time of the start (`performance.now()`), 0 when nobody listens. */
  declare readonly started: number;
  declare readonly owner: Scope | undefined;

  constructor(
    stepId: string,
    stepKey: string | undefined,
    name: string | undefined,
    started: number,
    owner: Scope | undefined,
  ) {
    super(name ?? stepId);
    this.stepId = stepId;
    this.stepKey = stepKey;
    this.name = name;
    this.started = started;
    this.owner = owner;
  }
}

// Every event of a run is built here, one function per kind, and only called when someone listens.
// Each reads the monotonic clock once: `ts` is derived from the run's anchor (see RunContext) and
// `durationMs` from the same read, so a step costs two clock reads (start and end).

/** @internal The run's monotonic clock (`performance.now()`), 0 when nobody listens. */
export const now = (rc: RunContext): number => (rc.clock === undefined ? 0 : rc.clock.now());

/** @internal Epoch ms of a monotonic reading, anchored once per run. */
export const tsAt = (rc: RunContext, mono: number): number =>
  rc.anchorWall + (mono - rc.anchorMono);

type AnyEvent = Parameters<NonNullable<RunContext["onEvent"]>>[0];

/** @internal Delivers an event, adding the run's context when the event has none. */
function emit(rc: RunContext, event: AnyEvent): void {
  if (rc.context !== undefined && event.context === undefined) event.context = rc.context;
  rc.onEvent?.(event, rc.context);
}

export function emitStepStart(rc: RunContext, id: StepIdentity): void {
  emit(rc, {
    type: "step_start",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: tsAt(rc, id.started),
  });
}

// A keyed step's place in the run's order, when the run records one (see step-order.ts).
function orderOf(rc: RunContext, key: string): { order: number } | undefined {
  const order = rc.order?.assigned.get(key);
  return order === undefined ? undefined : { order };
}

/** `step_success`, then `step_complete` for a keyed step; credits the nearest open race. */
export function emitStepSuccess(rc: RunContext, id: StepIdentity, result: AnyResult): void {
  const at = now(rc);
  let scope = id.owner;
  while (scope !== undefined && scope.type !== "race") scope = scope.parent;
  if (scope !== undefined && scope.winnerId === undefined) scope.winnerId = id.stepId;
  const { workflowId } = rc;
  const ts = tsAt(rc, at);
  const durationMs = at - id.started;
  emit(rc, {
    type: "step_success",
    workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts,
    durationMs,
  });
  if (id.stepKey) {
    emit(rc, {
      type: "step_complete",
      workflowId,
      stepKey: id.stepKey,
      name: id.name,
      ts,
      durationMs,
      result,
      ...orderOf(rc, id.stepKey),
    });
  }
}

/** `step_error`, then `step_complete` (with the failure and its meta) for a keyed step. */
export function emitStepError(
  rc: RunContext,
  id: StepIdentity,
  error: unknown,
  completed: AnyResult,
  meta: StepFailureMeta,
): void {
  const at = now(rc);
  const { workflowId } = rc;
  const ts = tsAt(rc, at);
  const durationMs = at - id.started;
  emit(rc, {
    type: "step_error",
    workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts,
    durationMs,
    error,
  });
  if (id.stepKey) {
    emit(rc, {
      type: "step_complete",
      workflowId,
      stepKey: id.stepKey,
      name: id.name,
      ts,
      durationMs,
      result: completed,
      meta,
      ...orderOf(rc, id.stepKey),
    });
  }
}

/** An early exit (a nested failure or a cancellation) unwound the step's current attempt. */
export function emitStepAborted(rc: RunContext, id: StepIdentity, attemptStarted: number): void {
  const at = now(rc);
  emit(rc, {
    type: "step_aborted",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: tsAt(rc, at),
    durationMs: at - attemptStarted,
  });
}

export function emitStepTimeout(
  rc: RunContext,
  id: StepIdentity,
  timeoutMs: number,
  attempt: number,
): void {
  emit(rc, {
    type: "step_timeout",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: tsAt(rc, now(rc)),
    timeoutMs,
    attempt,
  });
}

export function emitStepRetry(
  rc: RunContext,
  id: StepIdentity,
  attempt: number,
  maxAttempts: number,
  delayMs: number,
  error: unknown,
): void {
  emit(rc, {
    type: "step_retry",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: tsAt(rc, now(rc)),
    attempt,
    maxAttempts,
    delayMs,
    error,
  });
}

export function emitRetriesExhausted(
  rc: RunContext,
  id: StepIdentity,
  attempts: number,
  lastError: unknown,
): void {
  const at = now(rc);
  emit(rc, {
    type: "step_retries_exhausted",
    workflowId: rc.workflowId,
    stepId: id.stepId,
    stepKey: id.stepKey,
    name: id.name,
    ts: tsAt(rc, at),
    durationMs: at - id.started,
    attempts,
    lastError,
  });
}

export function emitCacheLookup(
  rc: RunContext,
  hit: boolean,
  stepKey: string,
  name: string | undefined,
): void {
  emit(rc, {
    type: hit ? "step_cache_hit" : "step_cache_miss",
    workflowId: rc.workflowId,
    stepKey,
    name,
    ts: tsAt(rc, now(rc)),
  });
}

/** `step.invalidate(key)` forgot a keyed step. */
export function emitStepInvalidated(rc: RunContext, stepKey: string): void {
  emit(rc, { type: "step_invalidated", workflowId: rc.workflowId, stepKey, ts: tsAt(rc, now(rc)) });
}

/** Returns the monotonic start for `emitScopeEnd`. */
export function emitScopeStart(rc: RunContext, scope: Scope, name: string): number {
  const at = now(rc);
  emit(rc, {
    type: "scope_start",
    workflowId: rc.workflowId,
    scopeId: scope.id,
    scopeType: scope.type,
    name,
    ts: tsAt(rc, at),
  });
  return at;
}

export function emitScopeEnd(rc: RunContext, scope: Scope, started: number): void {
  const at = now(rc);
  const event: Extract<AnyEvent, { type: "scope_end" }> = {
    type: "scope_end",
    workflowId: rc.workflowId,
    scopeId: scope.id,
    ts: tsAt(rc, at),
    durationMs: at - started,
  };
  // Only a race's end has the key (possibly undefined).
  if (scope.type === "race") event.winnerId = scope.winnerId;
  emit(rc, event);
}

/**
 * `at` is the monotonic reading of the start: the run's anchor when the workflow starts as the run
 * is set up (no clock read), a fresh reading after gates awaited.
 */
export function emitWorkflowStart(rc: RunContext, at: number): void {
  emit(rc, { type: "workflow_start", workflowId: rc.workflowId, ts: tsAt(rc, at) });
}

export function emitWorkflowEnd(rc: RunContext, started: number, result: AnyResult): void {
  const at = now(rc);
  const event: Extract<AnyEvent, { type: "workflow_success" | "workflow_error" }> = {
    type: result.ok ? "workflow_success" : "workflow_error",
    workflowId: rc.workflowId,
    ts: tsAt(rc, at),
    durationMs: at - started,
  } as never;
  if (!result.ok) (event as { error?: unknown }).error = result.error;
  emit(rc, event);
}

/** A gate (`shouldRun`/`onBeforeStart`) answered. */
export function emitGate(
  rc: RunContext,
  type: "hook_should_run" | "hook_before_start",
  started: number,
  answer: unknown,
): void {
  const at = now(rc);
  emit(rc, {
    type,
    workflowId: rc.workflowId,
    ts: tsAt(rc, at),
    durationMs: at - started,
    result: answer as boolean,
    skipped: !answer,
  });
}

/** A hook threw: `hook_should_run_error`, `hook_before_start_error` or `hook_after_step_error`. */
export function emitHookError(
  rc: RunContext,
  type: "hook_should_run_error" | "hook_before_start_error",
  started: number,
  error: unknown,
): void {
  const at = now(rc);
  emit(rc, { type, workflowId: rc.workflowId, ts: tsAt(rc, at), durationMs: at - started, error });
}

/** `onAfterStep` finished (`error` undefined) or threw. */
export function emitAfterStep(
  rc: RunContext,
  stepKey: string,
  started: number,
  failed: boolean,
  error: unknown,
): void {
  const at = now(rc);
  const event: Extract<AnyEvent, { type: "hook_after_step" | "hook_after_step_error" }> = {
    type: failed ? "hook_after_step_error" : "hook_after_step",
    workflowId: rc.workflowId,
    stepKey,
    ts: tsAt(rc, at),
    durationMs: at - started,
  } as never;
  if (failed) (event as { error?: unknown }).error = error;
  emit(rc, event);
}
