import type { FlowNode, ParallelNode, StepNode, StepState } from "./types";

/** Options of the parallel detector. */
export interface ParallelDetectorOptions {
  /** Least overlap (ms) for two steps to count as concurrent. Defaults to `0` (any overlap). */
  minOverlapMs?: number | undefined;
  /** Accepted for 1.0.0 compatibility; steps are grouped only when their run times overlap. Defaults to `5`. */
  maxGapMs?: number | undefined;
}

const groupState = (children: StepNode[]): StepState => {
  if (children.some((c) => c.state === "error")) return "error";
  if (children.some((c) => c.state === "running")) return "running";
  if (children.some((c) => c.state === "pending")) return "pending";
  return "success";
};

/**
 * Groups root-level steps whose run times overlap into "N parallel steps" nodes. Steps that ran one
 * after another stay apart however close they started, and zero-length steps (cache hits, skips)
 * never group. A list containing a real scope is returned unchanged. Linear after sorting.
 */
export function detectParallelGroups(
  nodes: FlowNode[],
  options: ParallelDetectorOptions = {},
): FlowNode[] {
  const minOverlapMs = options.minOverlapMs ?? 0;
  if (
    nodes.some(
      (n) =>
        (n.type === "parallel" || n.type === "race" || n.type === "sequence") &&
        !n.id.startsWith("detected_"),
    )
  ) {
    return nodes;
  }
  const timed: { index: number; node: StepNode; start: number; end: number }[] = [];
  nodes.forEach((node, index) => {
    if (node.type === "step" && node.startTs !== undefined) {
      timed.push({
        index,
        node,
        start: node.startTs,
        end: node.endTs ?? node.startTs + (node.durationMs ?? 0),
      });
    }
  });
  if (timed.length <= 1) return nodes;
  timed.sort((a, b) => a.start - b.start || a.index - b.index);

  const groups: (typeof timed)[] = [];
  let current = [timed[0]!];
  let groupEnd = timed[0]!.end;
  for (const entry of timed.slice(1)) {
    const overlap = Math.min(entry.end, groupEnd) - entry.start;
    // Overlap means the entry started before everything in the group had finished.
    if (entry.start < groupEnd && entry.end > entry.start && overlap >= minOverlapMs) {
      current.push(entry);
      groupEnd = Math.max(groupEnd, entry.end);
    } else {
      groups.push(current);
      current = [entry];
      groupEnd = entry.end;
    }
  }
  groups.push(current);

  const placed: { position: number; node: FlowNode }[] = [];
  const grouped = new Set<number>();
  for (const group of groups) {
    for (const e of group) grouped.add(e.index);
    if (group.length === 1) {
      placed.push({ position: group[0]!.index, node: group[0]!.node });
      continue;
    }
    let start = Infinity;
    let end = -Infinity;
    let position = Infinity;
    for (const e of group) {
      start = Math.min(start, e.start);
      end = Math.max(end, e.end);
      position = Math.min(position, e.index);
    }
    const children = group.map((e) => e.node);
    const parallel: ParallelNode = {
      type: "parallel",
      id: `detected_parallel_${start}`,
      name: `${children.length} parallel steps`,
      state: groupState(children),
      mode: "all",
      children,
      startTs: start,
      endTs: end,
      durationMs: end - start,
    };
    placed.push({ position, node: parallel });
  }
  nodes.forEach((node, index) => {
    if (!grouped.has(index)) placed.push({ position: index, node });
  });
  return placed.sort((a, b) => a.position - b.position).map((p) => p.node);
}

/** A detector bound to options. */
export function createParallelDetector(options: ParallelDetectorOptions = {}) {
  return { detect: (nodes: FlowNode[]) => detectParallelGroups(nodes, options) };
}
