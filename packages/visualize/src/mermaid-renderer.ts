import { errorLabel, formatDuration, formatValue } from "./internal/format";
import type {
  DecisionNode,
  FlowNode,
  MermaidRenderOptions,
  ParallelNode,
  RaceNode,
  Renderer,
  StepState,
  WorkflowIR,
} from "./types";

/**
 * Mermaid text is escaped, never stripped: labels are quoted and the characters Mermaid treats as
 * syntax become entity codes, so `"`, brackets, pipes, `<script>` and unicode all survive as text.
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/&/g, "#38;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/\r?\n/g, "<br/>");
}

const CLASS_DEFS: [string, string, string, number, string, boolean][] = [
  ["pending", "f3f4f6", "9ca3af", 2, "374151", false],
  ["running", "fef3c7", "f59e0b", 3, "92400e", false],
  ["success", "d1fae5", "10b981", 3, "065f46", false],
  ["error", "fee2e2", "ef4444", 3, "991b1b", false],
  ["aborted", "f3f4f6", "6b7280", 2, "4b5563", true],
  ["cached", "dbeafe", "3b82f6", 3, "1e40af", false],
  ["skipped", "f9fafb", "d1d5db", 2, "6b7280", true],
  ["waiting", "ede9fe", "8b5cf6", 3, "5b21b6", true],
  ["compensated", "cffafe", "0891b2", 3, "155e75", true],
];
const HOOK_DEFS: [string, string, string, number, string, boolean][] = [
  ["hook_success", "e0f2fe", "0284c7", 2, "0c4a6e", false],
  ["hook_error", "fef2f2", "dc2626", 2, "7f1d1d", false],
];
const classDef = ([n, f, s, w, c, dashed]: (typeof CLASS_DEFS)[number]) =>
  `classDef ${n} fill:#${f},stroke:#${s},stroke-width:${w}px,color:#${c}${dashed ? ",stroke-dasharray: 5 5" : ""}`;

const ICONS: Partial<Record<StepState, string>> = {
  success: "✓ ",
  error: "✗ ",
  cached: "💾 ",
  running: "⏳ ",
  skipped: "⊘ ",
  waiting: "⏸ ",
};

type Ctx = {
  lines: string[];
  options: MermaidRenderOptions;
  ir: WorkflowIR;
  counter: number;
  usedIds: Set<string>;
};
type Ends = { entry: string; exit: string };

const q = (label: string) => `"${label}"`;

function uniqueId(ctx: Ctx, base: string): string {
  let id = base;
  for (let n = 2; ctx.usedIds.has(id); n++) id = `${base}_${n}`;
  ctx.usedIds.add(id);
  return id;
}
const gen = (ctx: Ctx, prefix: string) => uniqueId(ctx, `${prefix}_${++ctx.counter}`);
const timing = (ctx: Ctx, ms: number | undefined) =>
  ctx.options.showTimings && ms !== undefined ? ` ${formatDuration(ms)}` : "";

function renderStep(node: FlowNode, ctx: Ctx): Ends {
  // Keys are sanitised for ids and de-duplicated, so `user:1` and `user-1` never merge.
  const id = node.key
    ? uniqueId(ctx, `step_${node.key.replace(/[^a-zA-Z0-9]/g, "_")}`)
    : gen(ctx, "step");
  const hook = node.key ? ctx.ir.hooks?.onAfterStep.get(node.key) : undefined;
  // The step's own time comes first; its onAfterStep hook (a checkpoint save) says what it is.
  const label =
    (node.compensated ? "↩ " : (ICONS[node.state] ?? "")) +
    escapeMermaid(node.name ?? node.key ?? "Step") +
    (node.state === "waiting" ? "<br/>waiting for approval" : timing(ctx, node.durationMs)) +
    (node.compensated ? "<br/>undone by compensation" : "") +
    (hook
      ? `<br/>${hook.state === "error" ? "⚠ onAfterStep failed" : "⚙ onAfterStep"}${timing(ctx, hook.durationMs)}`
      : "");
  // A paused approval gate is a rounded stadium, so it never reads as the error hexagon.
  const shape =
    node.state === "error"
      ? `{{${q(label)}}}`
      : node.state === "cached"
        ? `[(${q(label)})]`
        : node.state === "waiting"
          ? `([${q(label)}])`
          : `[${q(label)}]`;
  ctx.lines.push(`${id}${shape}:::${node.compensated ? "compensated" : node.state}`);
  const retries = node.retryCount ?? 0;
  if (ctx.options.showRetryEdges !== false && retries > 0) {
    ctx.lines.push(`${id} -.->|"↻ ${retries} ${retries === 1 ? "retry" : "retries"}"| ${id}`);
  }
  if (ctx.options.showErrorEdges !== false && node.state === "error" && node.error !== undefined) {
    const text = escapeMermaid(errorLabel(node.error).slice(0, 60)) || "error";
    ctx.lines.push(
      `ERR_${id}{{${q(text)}}}`,
      `${id} -->|error| ERR_${id}`,
      `style ERR_${id} fill:#fee2e2,stroke:#dc2626`,
    );
  }
  if (ctx.options.showTimeoutEdges !== false && node.timedOut) {
    const text = node.timeoutMs !== undefined ? `⏱ Timeout ${node.timeoutMs}ms` : "⏱ Timeout";
    ctx.lines.push(
      `TO_${id}{{${q(text)}}}`,
      `${id} -.->|timeout| TO_${id}`,
      `style TO_${id} fill:#fef3c7,stroke:#f59e0b`,
    );
  }
  return { entry: id, exit: id };
}

function renderScope(node: ParallelNode | RaceNode, ctx: Ctx): Ends {
  const race = node.type === "race";
  const P = gen(ctx, race ? "race" : "parallel");
  const name = escapeMermaid(node.name ?? (race ? "Race" : "Parallel"));
  const mode = node.type === "parallel" && node.mode === "allSettled" ? " (allSettled)" : "";
  const t = timing(ctx, node.durationMs);
  if (node.children.length === 0) {
    ctx.lines.push(
      `${P}[${q(`${race ? "⚡ " : ""}${name}${mode}${t}<br/>operations not individually tracked`)}]:::${node.state}`,
    );
    return { entry: P, exit: P };
  }
  ctx.lines.push(`subgraph ${P}[${q(`${race ? "⚡ " : ""}${name}${mode}`)}]`, "direction TB");
  const start = race ? `${P}_start` : `${P}_fork`;
  const end = race ? `${P}_end` : `${P}_join`;
  ctx.lines.push(race ? `${start}(("🏁 Start"))` : `${start}{"⚡ Fork"}`);
  const exits: { exit: string; node: FlowNode }[] = [];
  for (const child of node.children) {
    const ends = renderNode(child, ctx);
    ctx.lines.push(`${start} --> ${ends.entry}`);
    exits.push({ exit: ends.exit, node: child });
  }
  ctx.lines.push(race ? `${end}(("✓ First"))` : `${end}{"✓ Join"}`);
  for (const { exit, node: child } of exits) {
    if (!race) ctx.lines.push(`${exit} --> ${end}`);
    else if (child.type === "step" && child.id === node.winnerId)
      ctx.lines.push(`${exit} ==>|"🏆 Winner"| ${end}`);
    else if (node.winnerId !== undefined) ctx.lines.push(`${exit} -. "cancelled" .-> ${end}`);
    else ctx.lines.push(`${exit} --> ${end}`);
  }
  ctx.lines.push("end", `class ${P} ${node.state}`);
  return { entry: start, exit: end };
}

function renderDecision(node: DecisionNode, ctx: Ctx): Ends {
  const D = gen(ctx, "decision");
  const value =
    node.decisionValue !== undefined
      ? ` = ${escapeMermaid(formatValue(node.decisionValue)).slice(0, 30)}`
      : "";
  ctx.lines.push(
    `${D}{${q(`${escapeMermaid(node.condition ?? node.name ?? "condition")}${value}`)}}:::${node.state}`,
  );
  let exit = D;
  for (const branch of node.branches) {
    const B = uniqueId(ctx, `${D}_${branch.label.replace(/[^a-zA-Z0-9]/g, "_")}`);
    const label = escapeMermaid(branch.label);
    ctx.lines.push(
      branch.taken
        ? `${B}[${q(`${label} ✓`)}]:::success`
        : `${B}[${q(`${label} skipped`)}]:::skipped`,
    );
    ctx.lines.push(
      branch.condition !== undefined
        ? `${D} -->|${q(escapeMermaid(branch.condition))}| ${B}`
        : `${D} --> ${B}`,
    );
    let prev = B;
    for (const child of branch.children) {
      const ends = renderNode(child, ctx);
      ctx.lines.push(`${prev} --> ${ends.entry}`);
      prev = ends.exit;
    }
    if (branch.taken) exit = prev;
  }
  return { entry: D, exit };
}

function renderNode(node: FlowNode, ctx: Ctx): Ends {
  switch (node.type) {
    case "step":
      return renderStep(node, ctx);
    case "parallel":
    case "race":
      return renderScope(node, ctx);
    case "decision":
      return renderDecision(node, ctx);
    default: {
      const id = gen(ctx, "unknown");
      ctx.lines.push(`${id}["Unknown Node"]`);
      return { entry: id, exit: id };
    }
  }
}

/** A Mermaid `flowchart TD` of the run; every label is quoted and escaped. */
export function mermaidRenderer(): Renderer {
  return {
    name: "mermaid",
    supportsLive: false,
    render(ir, options) {
      const ctx: Ctx = {
        lines: [],
        options: options,
        ir,
        counter: 0,
        usedIds: new Set(),
      };
      let lastHook: string | undefined;
      const { shouldRun, onBeforeStart } = ir.hooks ?? {};
      if (shouldRun) {
        const icon = shouldRun.state === "success" ? "⚙" : "⚠";
        const c = shouldRun.context?.skipped
          ? "<br/>skipped workflow"
          : shouldRun.context?.result === true
            ? "<br/>proceed"
            : "";
        ctx.lines.push(
          `hook_shouldRun[[${q(`${icon} shouldRun${c}${timing(ctx, shouldRun.durationMs)}`)}]]:::hook_${shouldRun.state === "success" ? "success" : "error"}`,
        );
        lastHook = "hook_shouldRun";
      }
      if (onBeforeStart) {
        const icon = onBeforeStart.state === "success" ? "⚙" : "⚠";
        const c = onBeforeStart.context?.skipped ? "<br/>skipped workflow" : "";
        ctx.lines.push(
          `hook_beforeStart[[${q(`${icon} onBeforeStart${c}${timing(ctx, onBeforeStart.durationMs)}`)}]]:::hook_${onBeforeStart.state === "success" ? "success" : "error"}`,
        );
        if (lastHook) ctx.lines.push(`${lastHook} --> hook_beforeStart`);
        lastHook = "hook_beforeStart";
      }
      ctx.lines.push(`start(("▶ Start"))`);
      if (lastHook) ctx.lines.push(`${lastHook} --> start`);
      let prev = "start";
      for (const child of ir.root.children) {
        const ends = renderNode(child, ctx);
        ctx.lines.push(`${prev} --> ${ends.entry}`);
        prev = ends.exit;
      }
      const finish = {
        success: `finish(("✓ Done")):::success`,
        error: `finish(("✗ Failed")):::error`,
        waiting: `finish(("⏸ Waiting for approval")):::waiting`,
      } as const;
      if (ir.root.state === "success" || ir.root.state === "error" || ir.root.state === "waiting") {
        ctx.lines.push(finish[ir.root.state]);
        ctx.lines.push(`${prev} --> finish`);
      }
      ctx.lines.push("", ...CLASS_DEFS.map(classDef), ...(ir.hooks ? HOOK_DEFS.map(classDef) : []));
      return ["flowchart TD", ...ctx.lines.map((l) => (l === "" ? "" : `    ${l}`))].join("\n");
    },
  };
}
