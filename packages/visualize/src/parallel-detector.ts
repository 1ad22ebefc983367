import type { FlowNode, ParallelNode, StepNode, StepState } from "./types";

/** Options of the parallel detector. */
export interface ParallelDetectorOptions {
  /**
   * Least overlap (ms) for a step that started later to join a group. Steps that started
   * together (see `maxGapMs`) join whatever this says. Defaults to `0` (any overlap).
   */
  minOverlapMs?: number | undefined;
  /**
   * A step starting at most this many ms after a group's first step, while the group still runs,
   * started together with it. Steps with the same start time are always together. Defaults to `5`.
   */
  maxGapMs?: number | undefined;
}

const groupState = (children: StepNode[]): StepState => {
  if (children.some((c) => c.state === "error")) return "error";
  if (children.some((c) => c.state === "waiting")) return "waiting";
  if (children.some((c) => c.state === "running")) return "running";
  if (children.some((c) => c.state === "pending")) return "pending";
  return "success";
};

/**
 * Groups root-level steps that ran at the same time into "N parallel steps" nodes: steps that
 * started together (the same start, or within `maxGapMs` while the group runs) and steps whose run
 * times overlap by at least `minOverlapMs`. Steps that ran one after another stay apart however
 * close they started. A list containing a real scope is returned unchanged. Linear after sorting.
 */
export function detectParallelGroups(
  nodes: FlowNode[],
  options: ParallelDetectorOptions = {},
): FlowNode[] {
  const minOverlapMs = options.minOverlapMs ?? 0;
  const maxGapMs = options.maxGapMs ?? 5;
  for (const [name, value] of [
    ["minOverlapMs", minOverlapMs],
    ["maxGapMs", maxGapMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(
        `detectParallelGroups: ${name} must be a finite number ≥ 0, got ${String(value)}`,
      );
  }
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
  let groupStart = timed[0]!.start;
  let groupEnd = timed[0]!.end;
  for (const entry of timed.slice(1)) {
    // Started together: at the group's first start, or within maxGapMs of it while the group
    // still runs. Such steps join whatever minOverlapMs says; steps that began after the
    // group had finished never do, however close they started.
    const together =
      entry.start === groupStart ||
      (entry.start <= groupStart + maxGapMs && entry.start < groupEnd);
    const overlap = Math.min(entry.end, groupEnd) - entry.start;
    const overlaps = entry.start < groupEnd && entry.end > entry.start && overlap >= minOverlapMs;
    if (together || overlaps) {
      current.push(entry);
      groupEnd = Math.max(groupEnd, entry.end);
    } else {
      groups.push(current);
      current = [entry];
      groupStart = entry.start;
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
