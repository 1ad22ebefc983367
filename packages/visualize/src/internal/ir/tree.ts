import { generateId } from "../format";
import { detectParallelGroups, type ParallelDetectorOptions } from "../../parallel-detector";
import type { FlowNode, StepNode, WorkflowIR } from "../../types";
import { scopeNode, stepNode } from "./nodes";
import type { IRState, ScopeFrame } from "./state";

/** How `buildIR` groups the root's children. */
export type TreeOptions = {
  detectParallel: boolean;
  parallelDetection: ParallelDetectorOptions | undefined;
};

/**
 * The IR of the state as it is now: open scopes show what they hold so far, running steps inside
 * the scope they started in. Linear in the number of nodes (plus a sort with parallel detection).
 */
export function buildIR(s: IRState, options: TreeOptions): WorkflowIR {
  const runningByScope = new Map<ScopeFrame | undefined, StepNode[]>();
  for (const step of s.active.values()) {
    const list = runningByScope.get(step.scope) ?? [];
    list.push(stepNode(step, "running"));
    runningByScope.set(step.scope, list);
  }
  let openTail: FlowNode | undefined;
  for (let i = s.scopes.length - 1; i >= 0; i--) {
    const frame = s.scopes[i]!;
    const children = [
      ...frame.children,
      ...(openTail ? [openTail] : []),
      ...(runningByScope.get(frame) ?? []),
    ];
    openTail = scopeNode(frame, children);
  }
  let children: FlowNode[] = [
    ...s.rootList,
    ...(openTail ? [openTail] : []),
    ...(runningByScope.get(undefined) ?? []),
  ];
  if (options.detectParallel) children = detectParallelGroups(children, options.parallelDetection);
  s.rootId ??= s.workflowId ?? generateId();
  const ir: WorkflowIR = {
    root: {
      type: "workflow",
      id: s.rootId,
      workflowId: s.workflowId ?? "unknown",
      state: s.rootState,
      startTs: s.rootStart,
      durationMs: s.rootDuration,
      children,
      error: s.rootError,
    },
    metadata: { createdAt: s.createdAt, lastUpdatedAt: s.lastUpdatedAt },
  };
  const hooks = s.hooks;
  if (hooks.shouldRun || hooks.onBeforeStart || hooks.onAfterStep.size > 0) ir.hooks = hooks;
  return ir;
}
