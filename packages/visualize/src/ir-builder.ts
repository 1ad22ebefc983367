import { isSuspended, type ScopeType, type WorkflowEvent } from "@awaitly/core";
import { generateId } from "./internal/format";
import { detectParallelGroups, type ParallelDetectorOptions } from "./parallel-detector";
import type {
  ActiveStepSnapshot,
  DecisionBranch,
  DecisionEndEvent,
  DecisionBranchEvent,
  DecisionNode,
  DecisionStartEvent,
  FlowNode,
  HookExecution,
  IRSnapshot,
  SagaEventLike,
  ParallelNode,
  RaceNode,
  ScopeEndEvent,
  ScopeStartEvent,
  StepNode,
  StepState,
  WorkflowHooks,
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

type ScopeFrame = {
  id: string;
  name: string | undefined;
  type: ScopeType;
  startTs: number;
  children: FlowNode[];
};
type DecisionFrame = {
  id: string;
  name: string | undefined;
  condition: string | undefined;
  decisionValue: unknown;
  startTs: number;
  branches: Map<string, DecisionBranch>;
};
type ActiveStep = ActiveStepSnapshot & { scope: ScopeFrame | undefined };

/** An approval gate that has not been decided: the run pauses on it rather than failing. */

/** Children all done → success; any error → error; any waiting → waiting; any running → running; else pending. */
function deriveState(children: FlowNode[]): StepState {
  if (children.length === 0) return "success";
  if (children.some((c) => c.state === "error")) return "error";
  if (children.some((c) => c.state === "waiting")) return "waiting";
  if (children.every((c) => c.state === "success" || c.state === "cached")) return "success";
  if (children.some((c) => c.state === "running")) return "running";
  return "pending";
}

/**
 * `list` with its latest step that `matches` drawn as compensated, when that step had finished
 * well; `"found"` when the latest match is in another state (already compensated: the same undo
 * can be reported by `step_invalidated` and by the saga), `undefined` when nothing matches.
 * Nodes on the way are copied, never changed: snapshots taken earlier keep showing the step as it
 * was then.
 */
function compensateIn(
  list: FlowNode[],
  matches: (step: StepNode) => boolean,
): FlowNode[] | "found" | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const node = list[i]!;
    let inner: FlowNode[] | "found" | undefined;
    let replacement: FlowNode | undefined;
    if (node.type === "step") {
      if (!matches(node)) continue;
      if (node.compensated || (node.state !== "success" && node.state !== "cached")) return "found";
      replacement = { ...node, compensated: true };
    } else if (node.type === "decision") {
      for (let b = node.branches.length - 1; b >= 0 && inner === undefined; b--) {
        inner = compensateIn(node.branches[b]!.children, matches);
        if (Array.isArray(inner)) {
          const branches = [...node.branches];
          branches[b] = { ...node.branches[b]!, children: inner };
          replacement = { ...node, branches };
        }
      }
    } else {
      inner = compensateIn(node.children, matches);
      if (Array.isArray(inner)) replacement = { ...node, children: inner };
    }
    if (inner === "found") return inner;
    if (replacement) {
      const copy = [...list];
      copy[i] = replacement;
      return copy;
    }
  }
  return undefined;
}

/**
 * Folds workflow, scope and decision events into a `WorkflowIR` tree. Each event is O(1); `getIR()`
 * is linear in the number of nodes (plus a sort when parallel detection is on).
 */
export function createIRBuilder(options: IRBuilderOptions = {}) {
  const detectParallel = options.detectParallel ?? true;
  const enableSnapshots = options.enableSnapshots ?? false;
  const maxSnapshots = options.maxSnapshots ?? 1000;
  if (!Number.isInteger(maxSnapshots) || maxSnapshots < 1) {
    throw new RangeError(
      `createIRBuilder: maxSnapshots must be a whole number ≥ 1, got ${String(maxSnapshots)}`,
    );
  }

  let workflowId: string | undefined;
  let rootId: string | undefined;
  let rootState: StepState = "pending";
  let rootStart: number | undefined;
  let rootDuration: number | undefined;
  let rootError: unknown;
  let createdAt = Date.now();
  let lastUpdatedAt = createdAt;
  let hooks: WorkflowHooks = { onAfterStep: new Map() };
  let rootList: FlowNode[] = [];
  // Keyed by `activeKey`: step ids are counted per run, so a nested run's `step_1` is not its
  // parent's `step_1`.
  let active = new Map<string, ActiveStep>();
  // Runs started while this one runs (nested workflows on the same listener), by workflowId.
  let nested = new Map<string, number>();
  // The run the held shouldRun/onBeforeStart hooks came from (they arrive before its start).
  let gateRunId: string | undefined;
  let scopes: ScopeFrame[] = [];
  let decisions: DecisionFrame[] = [];
  let snapshots: IRSnapshot[] = [];
  let eventIndex = 0;

  // The root run's steps by their plain id (no string built per event), a nested run's by
  // workflowId + id.
  const activeKey = (runId: string, stepId: string) =>
    runId === workflowId || workflowId === undefined ? stepId : `${runId}\u0000${stepId}`;
  const ended = () => rootState === "success" || rootState === "error" || rootState === "waiting";
  /** An event of a run nested in the running root (a child workflow on the same listener). */
  const isNestedRun = (runId: string) =>
    rootState === "running" && workflowId !== undefined && runId !== workflowId;
  /** A nested run's step ids are prefixed with its workflowId, so no two nodes share an id. */
  const nodeId = (runId: string, id: string) => (isNestedRun(runId) ? `${runId}/${id}` : id);
  /** The first event of the next run after the previous one ended: a fresh diagram. */
  const startFresh = (runId: string) => {
    clearRun();
    hooks = { onAfterStep: new Map() };
    rootState = "pending";
    workflowId = runId;
    rootId = runId;
  };
  /** Where a gate hook event goes: false for a nested run's gates (the parent's are kept). */
  const gateEvent = (runId: string) => {
    if (isNestedRun(runId)) return false;
    if (ended()) startFresh(runId);
    gateRunId = runId;
    return true;
  };

  const addNode = (node: FlowNode) => {
    const decision = decisions.at(-1);
    if (decision && decision.branches.size > 0) {
      const branches = [...decision.branches.values()];
      (branches.find((b) => b.taken) ?? branches[0]!).children.push(node);
      return;
    }
    const scope = scopes.at(-1);
    if (scope) scope.children.push(node);
    else rootList.push(node);
  };

  const runningNode = (step: ActiveStep): StepNode => {
    const node: StepNode = {
      type: "step",
      id: step.id,
      name: step.name,
      key: step.key,
      state: "running",
      startTs: step.startTs,
    };
    if (step.retryCount > 0) node.retryCount = step.retryCount;
    if (step.timedOut) {
      node.timedOut = true;
      node.timeoutMs = step.timeoutMs;
    }
    return node;
  };

  const scopeNode = (
    frame: ScopeFrame,
    children: FlowNode[],
    end?: ScopeEndEvent,
  ): ParallelNode | RaceNode => {
    const state = end ? deriveState(children) : "running";
    const common = {
      id: frame.id,
      name: frame.name,
      state,
      startTs: frame.startTs,
      endTs: end?.ts,
      durationMs: end?.durationMs,
      children,
    };
    return frame.type === "race"
      ? { type: "race", ...common, winnerId: end?.winnerId }
      : { type: "parallel", ...common, mode: frame.type === "allSettled" ? "allSettled" : "all" };
  };

  const hook = (
    type: HookExecution["type"],
    state: "success" | "error",
    event: { ts: number; durationMs: number },
    extra: Partial<HookExecution>,
  ): HookExecution => ({
    type,
    state,
    ts: event.ts,
    durationMs: event.durationMs,
    ...extra,
  });

  /** True when the event ends a nested run (which leaves the root as it is). */
  function endNested(runId: string): boolean {
    const open = nested.get(runId);
    if (open === undefined) return false;
    if (open > 1) nested.set(runId, open - 1);
    else nested.delete(runId);
    return true;
  }

  /**
   * Forgets the run's nodes and outcome, not the snapshots already taken nor the shouldRun and
   * onBeforeStart hooks (their events come before the next run's workflow_start).
   */
  function clearRun(): void {
    rootStart = undefined;
    rootDuration = undefined;
    rootError = undefined;
    rootList = [];
    active = new Map();
    nested = new Map();
    scopes = [];
    decisions = [];
  }

  function getIR(): WorkflowIR {
    // Open scopes show what they hold so far, running steps inside the scope they started in.
    const runningByScope = new Map<ScopeFrame | undefined, StepNode[]>();
    for (const step of active.values()) {
      const list = runningByScope.get(step.scope) ?? [];
      list.push(runningNode(step));
      runningByScope.set(step.scope, list);
    }
    let openTail: FlowNode | undefined;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const frame = scopes[i]!;
      const children = [
        ...frame.children,
        ...(openTail ? [openTail] : []),
        ...(runningByScope.get(frame) ?? []),
      ];
      openTail = scopeNode(frame, children);
    }
    let children: FlowNode[] = [
      ...rootList,
      ...(openTail ? [openTail] : []),
      ...(runningByScope.get(undefined) ?? []),
    ];
    if (detectParallel) children = detectParallelGroups(children, options.parallelDetection);
    rootId ??= workflowId ?? generateId();
    const ir: WorkflowIR = {
      root: {
        type: "workflow",
        id: rootId,
        workflowId: workflowId ?? "unknown",
        state: rootState,
        startTs: rootStart,
        durationMs: rootDuration,
        children,
        error: rootError,
      },
      metadata: { createdAt, lastUpdatedAt },
    };
    if (hooks.shouldRun || hooks.onBeforeStart || hooks.onAfterStep.size > 0) ir.hooks = hooks;
    return ir;
  }

  /** Draws the latest finished step that `matches` as compensated (its work was undone). */
  function compensate(matches: (step: StepNode) => boolean): void {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const children = compensateIn(scopes[i]!.children, matches);
      if (children === "found") return;
      if (children) {
        scopes[i]!.children = children;
        return;
      }
    }
    for (let d = decisions.length - 1; d >= 0; d--) {
      for (const [label, branch] of [...decisions[d]!.branches].reverse()) {
        const children = compensateIn(branch.children, matches);
        if (children === "found") return;
        if (children) {
          decisions[d]!.branches.set(label, { ...branch, children });
          return;
        }
      }
    }
    const root = compensateIn(rootList, matches);
    if (Array.isArray(root)) rootList = root;
  }

  function handleEvent(event: WorkflowEvent<unknown>): void {
    lastUpdatedAt = Date.now();
    switch (event.type) {
      case "workflow_start":
        // A run starting while this one runs (a nested workflow on the same listener) is drawn
        // inside it, and its end closes only its own part.
        if (rootState === "running" && workflowId !== undefined) {
          nested.set(event.workflowId, (nested.get(event.workflowId) ?? 0) + 1);
          break;
        }
        // Any run after this one ended, the same workflowId (a re-run or resume) included, gets
        // its own diagram. Snapshots stay.
        if (ended()) startFresh(event.workflowId);
        // Gates held from another run (one its gate skipped) are not this run's.
        if (gateRunId !== event.workflowId) hooks = { onAfterStep: new Map() };
        gateRunId = undefined;
        workflowId = event.workflowId;
        rootId = event.workflowId;
        rootStart = event.ts;
        rootState = "running";
        createdAt = lastUpdatedAt;
        hooks = { ...hooks, onAfterStep: new Map() };
        break;
      case "workflow_success":
        if (endNested(event.workflowId)) break;
        rootState = "success";
        rootDuration = event.durationMs;
        break;
      case "workflow_error":
        if (endNested(event.workflowId)) break;
        rootState = isSuspended(event.error) ? "waiting" : "error";
        rootError = event.error;
        rootDuration = event.durationMs;
        break;
      case "step_start": {
        const id = event.stepId ?? event.stepKey ?? event.name ?? generateId();
        active.set(activeKey(event.workflowId, id), {
          id: nodeId(event.workflowId, id),
          name: event.name,
          key: event.stepKey,
          startTs: event.ts,
          retryCount: 0,
          timedOut: false,
          scope: scopes.at(-1),
        });
        break;
      }
      case "step_success":
      case "step_error":
      case "step_aborted": {
        const id = event.stepId ?? event.stepKey ?? event.name;
        const key = id === undefined ? undefined : activeKey(event.workflowId, id);
        const step = key === undefined ? undefined : active.get(key);
        if (!step || key === undefined) break;
        active.delete(key);
        const node: StepNode = {
          type: "step",
          id: step.id,
          name: step.name,
          key: step.key,
          state:
            event.type === "step_success"
              ? "success"
              : event.type === "step_error"
                ? isSuspended(event.error)
                  ? "waiting"
                  : "error"
                : "aborted",
          startTs: step.startTs,
          endTs: event.ts,
          durationMs: event.durationMs,
        };
        if (event.type === "step_error") node.error = event.error;
        if (step.retryCount > 0) node.retryCount = step.retryCount;
        if (step.timedOut) {
          node.timedOut = true;
          node.timeoutMs = step.timeoutMs;
        }
        addNode(node);
        break;
      }
      case "step_cache_hit":
      case "step_skipped": {
        const id = event.stepKey ?? event.name ?? generateId();
        addNode({
          type: "step",
          id: nodeId(event.workflowId, id),
          name: event.name,
          key: event.stepKey,
          state: event.type === "step_cache_hit" ? "cached" : "skipped",
          startTs: event.ts,
          endTs: event.ts,
          durationMs: 0,
        });
        break;
      }
      case "step_timeout": {
        const step = active.get(activeKey(event.workflowId, event.stepId));
        if (step) {
          step.timedOut = true;
          step.timeoutMs = event.timeoutMs;
        }
        break;
      }
      case "step_retry": {
        const step = active.get(activeKey(event.workflowId, event.stepId));
        if (step) step.retryCount = (event.attempt ?? 1) - 1;
        break;
      }
      case "scope_start":
      case "scope_end":
        handleScopeEvent(event);
        break;
      case "step_invalidated": {
        // `step.invalidate(key)` forgets a step whose work was undone (a saga compensation).
        const key = event.stepKey;
        compensate((step) => step.key === key);
        break;
      }
      case "hook_should_run":
        if (!gateEvent(event.workflowId)) break;
        hooks.shouldRun = hook("shouldRun", "success", event, {
          context: { result: event.result, skipped: event.skipped },
        });
        break;
      case "hook_should_run_error":
        if (!gateEvent(event.workflowId)) break;
        hooks.shouldRun = hook("shouldRun", "error", event, { error: event.error });
        break;
      case "hook_before_start":
        if (!gateEvent(event.workflowId)) break;
        hooks.onBeforeStart = hook("onBeforeStart", "success", event, {
          context: { result: event.result, skipped: event.skipped },
        });
        break;
      case "hook_before_start_error":
        if (!gateEvent(event.workflowId)) break;
        hooks.onBeforeStart = hook("onBeforeStart", "error", event, { error: event.error });
        break;
      case "hook_after_step":
        hooks.onAfterStep.set(
          event.stepKey,
          hook("onAfterStep", "success", event, { context: { stepKey: event.stepKey } }),
        );
        break;
      case "hook_after_step_error":
        hooks.onAfterStep.set(
          event.stepKey,
          hook("onAfterStep", "error", event, {
            error: event.error,
            context: { stepKey: event.stepKey },
          }),
        );
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
          [...active.values()].map(({ scope: _scope, ...v }) => [v.id, { ...v }]),
        ),
      });
      if (snapshots.length > maxSnapshots) snapshots.shift();
    }
    eventIndex++;
  }

  /**
   * An `@awaitly/saga` event: a successful `saga_compensation_step` draws the latest step named
   * `stepName` (by name, else key) as compensated. The saga's other events change nothing.
   */
  function handleSagaEvent(event: SagaEventLike): void {
    lastUpdatedAt = Date.now();
    if (event.type !== "saga_compensation_step" || event.success !== true) return;
    const name = event.stepName;
    if (name === undefined) return;
    compensate((step) => (step.name ?? step.key) === name);
  }

  function handleScopeEvent(event: ScopeStartEvent | ScopeEndEvent): void {
    lastUpdatedAt = Date.now();
    if (event.type === "scope_start") {
      scopes.push({
        id: event.scopeId,
        name: event.name,
        type: event.scopeType,
        startTs: event.ts,
        children: [],
      });
      return;
    }
    // Close the scope the event names (and anything opened inside it that never ended).
    let at = scopes.length - 1;
    for (let i = scopes.length - 1; i >= 0; i--) {
      if (scopes[i]!.id === event.scopeId) {
        at = i;
        break;
      }
    }
    const frame = scopes[at];
    if (!frame) return;
    const inner = scopes.splice(at);
    const children = [...frame.children];
    for (const orphan of inner.slice(1)) children.push(scopeNode(orphan, orphan.children));
    addNode(scopeNode(frame, children, event));
  }

  function handleDecisionEvent(
    event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent,
  ): void {
    lastUpdatedAt = Date.now();
    if (event.type === "decision_start") {
      decisions.push({
        id: event.decisionId,
        name: event.name,
        condition: event.condition,
        decisionValue: event.decisionValue,
        startTs: event.ts,
        branches: new Map(),
      });
      return;
    }
    const top = decisions.at(-1);
    if (event.type === "decision_branch") {
      if (!top || top.id !== event.decisionId) return;
      const known = top.branches.get(event.branchLabel);
      if (known) known.taken = event.taken;
      else
        top.branches.set(event.branchLabel, {
          label: event.branchLabel,
          condition: event.condition,
          taken: event.taken,
          children: [],
        });
      return;
    }
    const frame = decisions.pop();
    if (!frame || frame.id !== event.decisionId) return;
    const branches = [...frame.branches.values()];
    const node: DecisionNode = {
      type: "decision",
      id: frame.id,
      name: frame.name,
      state: deriveState(branches.filter((b) => b.taken).flatMap((b) => b.children)),
      startTs: frame.startTs,
      endTs: event.ts,
      durationMs: event.durationMs,
      condition: frame.condition,
      decisionValue: frame.decisionValue,
      branchTaken: event.branchTaken,
      branches,
    };
    addNode(node);
  }

  return {
    handleEvent,
    handleScopeEvent,
    handleSagaEvent,
    handleDecisionEvent,
    getIR,
    reset() {
      clearRun();
      hooks = { onAfterStep: new Map() };
      workflowId = undefined;
      gateRunId = undefined;
      rootId = undefined;
      rootState = "pending";
      createdAt = Date.now();
      lastUpdatedAt = createdAt;
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
      return active.size > 0;
    },
    get state() {
      return rootState;
    },
    get snapshotCount() {
      return snapshots.length;
    },
    get snapshotsEnabled() {
      return enableSnapshots;
    },
  };
}
