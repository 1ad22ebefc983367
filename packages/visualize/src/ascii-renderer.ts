import { defaultColorScheme } from "./colors";
import {
  bold,
  coloredSymbol,
  nodeSymbol,
  colorize,
  dim,
  formatDuration,
  formatValue,
  stripAnsi,
  truncateToWidth,
  visibleWidth,
  wantsColor,
} from "./internal/format";
import type {
  ColorScheme,
  DecisionNode,
  FlowNode,
  ParallelNode,
  RaceNode,
  RenderOptions,
  Renderer,
  WorkflowIR,
} from "./types";

// A name is marked in the line, so a line too long for the box shortens the name first and keeps
// what follows it (timing, retries, approval, hook).
const NAME_START = "\uE000";
const NAME_END = "\uE001";
const named = (name: string) => `${NAME_START}${name}${NAME_END}`;

/** `line` in at most `max` columns: its marked name shortened first, then the line itself. */
function fitLine(line: string, max: number): string {
  const start = line.indexOf(NAME_START);
  const end = line.indexOf(NAME_END, start);
  let fitted = line;
  if (start >= 0 && end > start) {
    const over =
      visibleWidth(line.slice(0, start) + line.slice(start + 1, end) + line.slice(end + 1)) - max;
    const name = line.slice(start + 1, end);
    const short = over > 0 ? truncateToWidth(name, Math.max(8, visibleWidth(name) - over)) : name;
    fitted = line.slice(0, start) + short + line.slice(end + 1);
  }
  return truncateToWidth(fitted, max);
}

function stepLine(
  node: FlowNode,
  ir: WorkflowIR,
  options: RenderOptions,
  colors: ColorScheme,
  winner = false,
): string {
  const color = node.compensated ? colors.compensated : colors[node.state];
  let line = `${nodeSymbol(node, colors)} ${colorize(named(node.name ?? node.key ?? "step"), color)}`;
  if (options.showKeys && node.key) line += dim(` [key: ${node.key}]`);
  if (options.showTimings && node.durationMs !== undefined)
    line += ` ${dim(`[${formatDuration(node.durationMs)}]`)}`;
  const retries = node.retryCount ?? 0;
  if (retries > 0) line += dim(retries === 1 ? " [1 retry]" : ` [${retries} retries]`);
  if (node.state === "waiting") line += dim(" [waiting for approval]");
  if (node.compensated) line += dim(" [undone by compensation]");
  if (node.timedOut)
    line += dim(node.timeoutMs !== undefined ? ` [timeout ${node.timeoutMs}ms]` : " [timeout]");
  const hook = node.key ? ir.hooks?.onAfterStep.get(node.key) : undefined;
  if (hook) {
    const sym =
      hook.state === "error" ? colorize("⚠", colors.error) : colorize("⚙", colors.success);
    line += ` ${sym}${dim(` ${formatDuration(hook.durationMs ?? 0)}`)}`;
  }
  if (winner) line += dim(" (winner)");
  return line;
}

function containerLines(
  node: ParallelNode | RaceNode | DecisionNode,
  depth: number,
  ir: WorkflowIR,
  options: RenderOptions,
  colors: ColorScheme,
): string[] {
  const I = "  ".repeat(depth);
  const sym = coloredSymbol(node.state, colors);
  const lines: string[] = [];
  const footer = () => {
    if (options.showTimings && node.durationMs !== undefined)
      lines.push(`${I}└── ${dim(`[${formatDuration(node.durationMs)}]`)}`);
  };
  if (node.type === "decision") {
    let header = `${I}├┬─ ${sym} ${bold(named(node.name ?? "decision"))}`;
    if (node.condition !== undefined) header += dim(` (${node.condition})`);
    if (node.decisionValue !== undefined) header += dim(` = ${formatValue(node.decisionValue)}`);
    if (node.branchTaken !== undefined) header += dim(` → ${String(node.branchTaken)}`);
    lines.push(header);
    node.branches.forEach((branch, i) => {
      const corner = i === node.branches.length - 1 ? "└" : "├";
      const label = branch.taken
        ? colorize(`✓ ${branch.label}`, colors.success)
        : colorize(`⊘ ${branch.label}`, colors.skipped);
      lines.push(
        `${I}│ ${corner} ${label}${branch.condition !== undefined ? dim(` (${branch.condition})`) : ""}`,
      );
      for (const child of branch.children)
        for (const l of nodeLines(child, depth + 1, ir, options, colors))
          lines.push(`${I}│   ${l.trimStart()}`);
      if (!branch.taken && branch.children.length === 0) lines.push(`${I}│   ${dim("(skipped)")}`);
    });
    footer();
    return lines;
  }
  const race = node.type === "race";
  lines.push(
    race
      ? `${I}├⚡ ${sym} ${bold(named(node.name ?? "race"))}`
      : `${I}├┬─ ${sym} ${bold(named(node.name ?? "parallel"))}${node.mode === "allSettled" ? " (allSettled)" : ""}`,
  );
  if (node.children.length === 0) {
    lines.push(`${I}│ ${dim("(operations not individually tracked)")}`);
    lines.push(`${I}│ ${dim("(wrap each operation with step() to see individual steps)")}`);
  }
  node.children.forEach((child, i) => {
    if (child.type === "step") {
      const corner = i === node.children.length - 1 ? "└" : "├";
      const winner = race && node.winnerId === child.id;
      lines.push(`${I}│ ${corner} ${stepLine(child, ir, options, colors, winner)}`);
    } else {
      for (const l of nodeLines(child, depth + 1, ir, options, colors))
        lines.push(`${I}│   ${l.trimStart()}`);
    }
  });
  footer();
  return lines;
}

function nodeLines(
  node: FlowNode,
  depth: number,
  ir: WorkflowIR,
  options: RenderOptions,
  colors: ColorScheme,
): string[] {
  if (node.type === "step") return [`${"  ".repeat(depth)}${stepLine(node, ir, options, colors)}`];
  if (node.type === "sequence") return [];
  return containerLines(node, depth, ir, options, colors);
}

/** True when some step drawn in `ir` has an onAfterStep hook execution (a `⚙`/`⚠` marker). */
function hasStepHooks(ir: WorkflowIR): boolean {
  const hooks = ir.hooks?.onAfterStep;
  if (!hooks || hooks.size === 0) return false;
  const visit = (nodes: readonly FlowNode[]): boolean =>
    nodes.some((node) =>
      node.type === "step"
        ? node.key !== undefined && hooks.has(node.key)
        : node.type === "decision"
          ? node.branches.some((b) => visit(b.children))
          : visit(node.children),
    );
  return visit(ir.root.children);
}

/** A boxed terminal view of a run; widths count visible columns, so colours never skew the frame. */
export function asciiRenderer(): Renderer {
  return {
    name: "ascii",
    supportsLive: true,
    render(ir, options) {
      const colors = { ...defaultColorScheme, ...options.colors };
      const width = Math.max(options.terminalWidth ?? 60, 20);
      const inner = width - 4;
      // A line longer than the box is cut with an ellipsis: the right border never moves.
      const pad = (line: string) => {
        const text = fitLine(line, inner - 1);
        return `│  ${text}${" ".repeat(Math.max(0, inner - visibleWidth(text)))}│`;
      };
      const blank = `│${" ".repeat(width - 2)}│`;
      const title = ` ${bold(truncateToWidth(ir.root.name ?? "workflow", width - 7))} `;
      const rest = width - 4 - visibleWidth(title);
      const lines = [
        rest >= 1 ? `┌──${title}${"─".repeat(rest)}┐` : `┌${"─".repeat(width - 2)}┐`,
        blank,
      ];
      const hookLines: string[] = [];
      for (const hook of [ir.hooks?.shouldRun, ir.hooks?.onBeforeStart]) {
        if (!hook) continue;
        const sym =
          hook.state === "success" ? colorize("⚙", colors.success) : colorize("⚠", colors.error);
        const label = hook.type === "shouldRun" ? "shouldRun" : "onBeforeStart";
        let ctx = "";
        if (hook.context?.skipped) ctx = dim(" → workflow skipped");
        else if (hook.type === "shouldRun" && hook.context?.result === true)
          ctx = dim(" → proceed");
        const timing =
          hook.durationMs !== undefined ? dim(` [${formatDuration(hook.durationMs)}]`) : "";
        const err = hook.state === "error" ? dim(` error: ${String(hook.error)}`) : "";
        hookLines.push(`${sym} ${dim(label)}${ctx}${timing}${err}`);
      }
      if (hookLines.length > 0) hookLines.push(dim("─".repeat(20)));
      for (const l of hookLines) lines.push(pad(l));
      for (const child of ir.root.children)
        for (const l of nodeLines(child, 0, ir, options, colors)) lines.push(pad(l));
      // ⚙/⚠ after a step is its onAfterStep hook (where a checkpoint is saved): say so once.
      if (hasStepHooks(ir)) {
        lines.push(blank);
        lines.push(pad(dim("⚙ = time spent in onAfterStep (e.g. a checkpoint save)")));
        if ([...ir.hooks!.onAfterStep.values()].some((h) => h.state === "error"))
          lines.push(pad(dim("⚠ = onAfterStep failed (e.g. a checkpoint save)")));
      }
      lines.push(blank);
      if (ir.root.durationMs !== undefined && options.showTimings) {
        const took = formatDuration(ir.root.durationMs);
        const status =
          ir.root.state === "success"
            ? `${colorize("Completed", colors.success)} in ${took}`
            : ir.root.state === "waiting"
              ? `${colorize("Waiting for approval", colors.waiting)} after ${took}`
              : `${colorize("Failed", colors.error)} in ${took}`;
        lines.push(pad(status), blank);
      }
      lines.push(`└${"─".repeat(width - 2)}┘`);
      const out = lines.join("\n");
      return wantsColor(options.color) ? out : stripAnsi(out);
    },
  };
}
