import { defaultColorScheme } from "./colors";
import { colorize, formatDuration, stateSymbol, stripAnsi, wantsColor } from "./internal/format";
import type { FlowNode, RenderOptions, Renderer, StepState, WorkflowIR } from "./types";

type Box = { lines: string[]; state: StepState };

const boxLines = (label: string[], width: number): string[] => [
  `┌${"─".repeat(width - 2)}┐`,
  ...label.map((l) => `│ ${l}${" ".repeat(Math.max(0, width - 4 - [...l].length))} │`),
  `└${"─".repeat(width - 2)}┘`,
];

function boxesFor(
  node: FlowNode,
  options: RenderOptions,
  depth: number,
  out: { box: Box; depth: number }[],
): void {
  if (node.type === "step") {
    const symbol = node.compensated ? "↩" : stateSymbol(node.state);
    const label = [`${symbol} ${node.name ?? node.key ?? "step"}`];
    if (options.showTimings && node.durationMs !== undefined)
      label.push(`[${formatDuration(node.durationMs)}]`);
    if ((node.retryCount ?? 0) > 0) label.push(`${node.retryCount}x retry`);
    if (node.timedOut) label.push("timeout");
    if (node.state === "waiting") label.push("waiting for approval");
    if (node.compensated) label.push("undone by compensation");
    out.push({ box: { lines: label, state: node.state }, depth });
    return;
  }
  if (node.type === "sequence") {
    out.push({ box: { lines: ["?"], state: node.state }, depth });
    return;
  }
  const header =
    node.type === "race"
      ? `⚡ ${node.name ?? "race"}`
      : node.type === "decision"
        ? `◇ ${node.name ?? "decision"}`
        : `⫘ ${node.name ?? "parallel"}`;
  const children =
    node.type === "decision" ? (node.branches.find((b) => b.taken)?.children ?? []) : node.children;
  out.push({
    box: {
      lines:
        children.length === 0 && node.type !== "decision" ? [header, "(not tracked)"] : [header],
      state: node.state,
    },
    depth,
  });
  for (const child of children) boxesFor(child, options, depth + 1, out);
}

/** Boxes and arrows, top to bottom (containers indent their children). */
export function flowchartRenderer(): Renderer {
  return {
    name: "flowchart",
    supportsLive: false,
    render(ir: WorkflowIR, options: RenderOptions) {
      const colors = { ...defaultColorScheme, ...options.colors };
      const showStartEnd = (options as { showStartEnd?: boolean }).showStartEnd !== false;
      const items: { box: Box; depth: number }[] = [];
      if (showStartEnd) items.push({ box: { lines: ["▶ Start"], state: "success" }, depth: 0 });
      for (const child of ir.root.children) boxesFor(child, options, 0, items);
      const end = { success: "✓ Done", error: "✗ Failed", waiting: "⏸ Waiting for approval" };
      const state = ir.root.state;
      if (showStartEnd && (state === "success" || state === "error" || state === "waiting"))
        items.push({ box: { lines: [end[state]], state }, depth: 0 });
      const rows: string[] = [];
      items.forEach(({ box, depth }, i) => {
        const width = Math.max(11, ...box.lines.map((l) => [...l].length + 4));
        const indent = "    ".repeat(depth);
        const lines = boxLines(box.lines, width);
        lines.forEach((line, j) => {
          const isLabel = j > 0 && j < lines.length - 1;
          rows.push(
            indent + (isLabel ? `│ ${colorize(line.slice(2, -2), colors[box.state])} │` : line),
          );
        });
        if (i < items.length - 1) rows.push(`${indent}${" ".repeat(Math.floor(width / 2))}▼`);
      });
      const out = rows.map((r) => r.trimEnd()).join("\n");
      return wantsColor(options.color) ? out : stripAnsi(out);
    },
  };
}
