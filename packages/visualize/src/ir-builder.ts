import type { WorkflowEvent } from "@awaitly/core";
import { sagaEvent, stepInvalidated } from "./internal/ir/compensation";
import { decisionEvent } from "./internal/ir/decision-events";
import { afterStepHook, gateHook } from "./internal/ir/hook-events";
import { scopeEvent } from "./internal/ir/scope-events";
import { createIRState } from "./internal/ir/state";
import { stepAttempt, stepEnd, stepNotRun, stepStart } from "./internal/ir/step-events";
import { buildIR } from "./internal/ir/tree";
import { workflowEnd, workflowStart } from "./internal/ir/workflow-events";
import type { ParallelDetectorOptions } from "./parallel-detector";
import type {
  DecisionBranchEvent,
  DecisionEndEvent,
  DecisionStartEvent,
  IRSnapshot,
  SagaEventLike,
  ScopeEndEvent,
  ScopeStartEvent,
  WorkflowIR,
} from "./types";

/** Options of `createIRBuilder`. */
export interface IRBuilderOptions {
  /** Group root-level steps whose run times overlap. Defaults to `true`. */
  detectParallel?: boolean | undefined;
  /** Forwarded to `detectParallelGroups`. Defaults to `{}`. */
  parallelDetection?: ParallelDetectorOptions | undefined;
  /** Keep an IR snapshot per event (for time travel). Defaults to `false`. */
  enableSnapshots?: boolean | undefined;
  /** Most snapshots kept (oldest dropped). Defaults to `1000`. */
  maxSnapshots?: number | undefined;
}

/**
 * Folds workflow, scope and decision events into a `WorkflowIR` tree. Each event is O(1); `getIR()`
 * is linear in the number of nodes (plus a sort when parallel detection is on).
 */
export function createIRBuilder(options: IRBuilderOptions = {}) {
  const tree = {
    detectParallel: options.detectParallel ?? true,
    parallelDetection: options.parallelDetection,
  };
  const enableSnapshots = options.enableSnapshots ?? false;
  const maxSnapshots = options.maxSnapshots ?? 1000;
  if (!Number.isInteger(maxSnapshots) || maxSnapshots < 1) {
    throw new RangeError(
      `createIRBuilder: maxSnapshots must be a whole number ≥ 1, got ${String(maxSnapshots)}`,
    );
  }

  let state = createIRState();
  let snapshots: IRSnapshot[] = [];
  let eventIndex = 0;

  function getIR(): WorkflowIR {
    return buildIR(state, tree);
  }

  function handleScopeEvent(event: ScopeStartEvent | ScopeEndEvent): void {
    scopeEvent(state, event);
  }

  function handleEvent(event: WorkflowEvent<unknown>): void {
    state.lastUpdatedAt = Date.now();
    switch (event.type) {
      case "workflow_start":
        workflowStart(state, event);
        break;
      case "workflow_success":
      case "workflow_error":
        workflowEnd(state, event);
        break;
      case "step_start":
        stepStart(state, event);
        break;
      case "step_success":
      case "step_error":
      case "step_aborted":
        stepEnd(state, event);
        break;
      case "step_cache_hit":
      case "step_skipped":
        stepNotRun(state, event);
        break;
      case "step_timeout":
      case "step_retry":
        stepAttempt(state, event);
        break;
      case "scope_start":
      case "scope_end":
        handleScopeEvent(event);
        break;
      case "step_invalidated":
        stepInvalidated(state, event);
        break;
      case "hook_should_run":
      case "hook_should_run_error":
      case "hook_before_start":
      case "hook_before_start_error":
        gateHook(state, event);
        break;
      case "hook_after_step":
      case "hook_after_step_error":
        afterStepHook(state, event);
        break;
      default:
        break;
    }
    if (enableSnapshots) {
      snapshots.push({
        id: `snapshot_${eventIndex}`,
        eventIndex,
        event,
        ir: getIR(),
        timestamp: Date.now(),
        activeSteps: new Map(
          [...state.active.values()].map(({ scope: _scope, ...v }) => [v.id, { ...v }]),
        ),
      });
      if (snapshots.length > maxSnapshots) snapshots.shift();
    }
    eventIndex++;
  }

  /** An `@awaitly/saga` event: only a successful compensation step changes the picture. */
  function handleSagaEvent(event: SagaEventLike): void {
    sagaEvent(state, event);
  }

  function handleDecisionEvent(
    event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent,
  ): void {
    decisionEvent(state, event);
  }

  return {
    handleEvent,
    handleScopeEvent,
    handleSagaEvent,
    handleDecisionEvent,
    getIR,
    reset() {
      state = createIRState();
      snapshots = [];
      eventIndex = 0;
    },
    getSnapshots: () => [...snapshots],
    getSnapshotAt: (index: number) => snapshots[index],
    getIRAt: (index: number) => snapshots[index]?.ir,
    clearSnapshots() {
      snapshots = [];
    },
    get hasActiveSteps() {
      return state.active.size > 0;
    },
    get state() {
      return state.rootState;
    },
    get snapshotCount() {
      return snapshots.length;
    },
    get snapshotsEnabled() {
      return enableSnapshots;
    },
  };
}
