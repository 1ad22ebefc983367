import { errorLabel, formatPreciseDuration } from "./internal/format";
import { CLIENT } from "./internal/html-client";
import type { FlowNode, HTMLRenderOptions, Renderer, WorkflowIR } from "./types";

const NODE_W = 160;
const NODE_H = 50;
const GAP_H = 40;
const GAP_V = 30;
const PAD = 20;

/** Escapes text for HTML/SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// JSON inside <script>: nothing in it can close the tag or start a comment.
const scriptJson = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown): unknown =>
    v instanceof Map
      ? Object.fromEntries(v)
      : v instanceof Error
        ? { name: v.name, message: v.message }
        : v,
  )
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

type Box = { w: number; h: number; svg: string };

/**
 * The second line of a step's box: what it waits for, a cache hit or skip in words (their `0ms`
 * is no duration), or its real duration (below a millisecond with a decimal), and a failed step's
 * error, so the failure reads without a click.
 */
function stepDetail(node: FlowNode, options: HTMLRenderOptions): string | undefined {
  if (node.state === "waiting") return "waiting for approval";
  if (node.compensated) return "undone by compensation";
  if (node.state === "cached") return "cached";
  if (node.state === "skipped") return "skipped";
  const time =
    options.showTimings && node.durationMs !== undefined
      ? formatPreciseDuration(node.durationMs)
      : undefined;
  if (node.state !== "error" || node.error === undefined) return time;
  const text = [time, errorLabel(node.error)].filter((t) => t !== undefined).join(" · ");
  return text.length > 26 ? `${text.slice(0, 25)}…` : text;
}

function layout(node: FlowNode, x: number, y: number, options: HTMLRenderOptions): Box {
  if (node.type === "step") {
    const raw = node.name ?? node.key ?? "step";
    const name = escapeXml(raw.length > 20 ? `${raw.slice(0, 19)}…` : raw);
    const waiting = node.state === "waiting";
    const detail = stepDetail(node, options);
    const showTiming = detail !== undefined;
    const timingText = showTiming
      ? `<text class="wv-node-timing" x="80" y="37">${escapeXml(detail)}</text>`
      : "";
    // The pause symbol is drawn, not typed: a ⏸ glyph is missing from many fonts.
    const pause = waiting
      ? `<g class="wv-node-pause"><rect x="10" y="19" width="3" height="12" /><rect x="16" y="19" width="3" height="12" /></g>`
      : "";
    return {
      w: NODE_W,
      h: NODE_H,
      svg:
        `<g class="wv-node wv-node--${node.state}${node.compensated ? " wv-node--compensated" : ""}" data-node-id="${escapeXml(node.id)}" transform="translate(${x}, ${y})">` +
        `<title>${escapeXml(raw)}</title><rect width="${NODE_W}" height="${NODE_H}" rx="8" ry="8" />` +
        `<text x="80" y="${showTiming ? 21 : 25}">${name}</text>${timingText}${pause}</g>`,
    };
  }
  const children =
    node.type === "decision" ? node.branches.flatMap((b) => b.children) : node.children;
  let cx = x + 20;
  let maxH = 0;
  const parts: string[] = [];
  for (const child of children) {
    const box = layout(child, cx, y + 40, options);
    parts.push(box.svg);
    cx += box.w + GAP_H;
    maxH = Math.max(maxH, box.h);
  }
  const w = Math.max(cx - x, 200);
  const h = maxH + 60;
  const label = node.type === "race" ? "RACE" : node.type === "decision" ? "DECISION" : "PARALLEL";
  return {
    w,
    h,
    svg:
      `<g class="wv-container wv-container--${node.type}" data-node-id="${escapeXml(node.id)}" transform="translate(${x}, ${y})">` +
      `<rect width="${w}" height="${h}" rx="12" ry="12" />` +
      `<text class="wv-container-label" x="20" y="16">${label}${node.name ? ` · ${escapeXml(node.name)}` : ""}</text>` +
      (children.length === 0
        ? `<text class="wv-container-label" x="20" y="40">(steps not tracked)</text>`
        : "") +
      `<g transform="translate(${-x}, ${-y})">${parts.join("")}</g></g>`,
  };
}

const CSS = `
:root{--bg:#f8f9fa;--text:#212529;--muted:#6c757d;--edge:#adb5bd;--node-pending:#e9ecef;--node-running:#fff3cd;--node-success:#d1e7dd;--node-error:#f8d7da;--node-aborted:#e2e3e5;--node-cached:#cff4fc;--node-skipped:#f8f9fa;--node-waiting:#ede9fe;--waiting:#8b5cf6;--node-compensated:#cffafe;--compensated:#0891b2}
.dark{--bg:#1e1e1e;--text:#e9ecef;--muted:#adb5bd;--edge:#6c757d;--node-pending:#343a40;--node-running:#664d03;--node-success:#0f5132;--node-error:#842029;--node-aborted:#41464b;--node-cached:#055160;--node-skipped:#2b2f32;--node-waiting:#3b2a63;--waiting:#a78bfa;--node-compensated:#164e63;--compensated:#22d3ee}
@media (prefers-color-scheme: dark){.auto{--bg:#1e1e1e;--text:#e9ecef;--muted:#adb5bd;--edge:#6c757d;--node-pending:#343a40;--node-running:#664d03;--node-success:#0f5132;--node-error:#842029;--node-aborted:#41464b;--node-cached:#055160;--node-skipped:#2b2f32;--node-waiting:#3b2a63;--waiting:#a78bfa;--node-compensated:#164e63;--compensated:#22d3ee}}
body{margin:0;font-family:system-ui,sans-serif;background:var(--bg);color:var(--text)}
.wv-header{display:flex;justify-content:space-between;align-items:center;padding:12px 20px;border-bottom:1px solid var(--edge)}
.wv-header h1{font-size:18px;margin:0}.wv-status{color:var(--muted);font-size:14px}
.wv-main{display:flex}.wv-diagram{flex:1;overflow:auto;padding:10px}
.wv-inspector{width:280px;padding:12px 16px;border-left:1px solid var(--edge);font-size:13px}
.wv-node rect{stroke:var(--edge);stroke-width:2;cursor:pointer}.wv-node text{text-anchor:middle;dominant-baseline:middle;font-size:12px;fill:var(--text)}
.wv-node-timing{font-size:10px;fill:var(--muted)!important}
.wv-node--pending rect{fill:var(--node-pending)}.wv-node--running rect{fill:var(--node-running)}.wv-node--success rect{fill:var(--node-success)}
.wv-node--error rect{fill:var(--node-error)}.wv-node--aborted rect{fill:var(--node-aborted)}.wv-node--cached rect{fill:var(--node-cached)}
.wv-node--skipped rect{fill:var(--node-skipped);stroke-dasharray:4 4}.wv-node--waiting rect{fill:var(--node-waiting);stroke:var(--waiting);stroke-dasharray:8 3}.wv-node .wv-node-pause rect{fill:var(--waiting);stroke:none}.wv-node--compensated rect{fill:var(--node-compensated);stroke:var(--compensated);stroke-dasharray:3 3}.wv-node--compensated text:not(.wv-node-timing){text-decoration:line-through}.wv-node--selected rect{stroke-width:4}
.wv-container rect{fill:none;stroke:var(--edge);stroke-dasharray:6 4}.wv-container-label{font-size:10px;fill:var(--muted)}
.wv-edge{stroke:var(--edge);stroke-width:2;fill:none}.wv-edge-arrow{fill:var(--edge)}
.wv-controls button,.wv-timeline button{margin:0 2px}.wv-timeline{display:flex;gap:8px;align-items:center;padding:6px 20px;border-bottom:1px solid var(--edge);font-size:13px}
#tt-slider{flex:1}#live-indicator{margin-left:auto}.wv-diagram svg{transform-origin:0 0;cursor:grab}
.wv-node--heat-cold rect{stroke:#3b82f6}.wv-node--heat-cool rect{stroke:#14b8a6}.wv-node--heat-warm rect{stroke:#f59e0b}.wv-node--heat-hot rect{stroke:#f97316;stroke-width:3}.wv-node--heat-critical rect{stroke:#ef4444;stroke-width:4}
`;

/** @internal The SVG of a run (escaped), as the page and the dev server's live updates use it. */
export function renderSvg(ir: WorkflowIR, options: Partial<HTMLRenderOptions> = {}): string {
  const o = withDefaults(options);
  const horizontal = o.layout === "LR" || o.layout === "RL";
  let x = PAD;
  let y = PAD;
  let widest = 0;
  let tallest = 0;
  const boxes: { x: number; y: number; box: Box }[] = [];
  for (const child of ir.root.children) {
    const box = layout(child, x, y, o);
    boxes.push({ x, y, box });
    widest = Math.max(widest, box.w);
    tallest = Math.max(tallest, box.h);
    if (horizontal) x += box.w + GAP_H;
    else y += box.h + GAP_V;
  }
  const edges: string[] = [];
  for (let i = 1; i < boxes.length; i++) {
    const a = boxes[i - 1]!;
    const b = boxes[i]!;
    // Edges leave the side facing the next node, so LR/RL layouts read left to right.
    const [x1, y1, x2, y2] = horizontal
      ? [a.x + a.box.w, a.y + a.box.h / 2, b.x, b.y + b.box.h / 2]
      : [a.x + a.box.w / 2, a.y + a.box.h, b.x + b.box.w / 2, b.y];
    edges.push(
      horizontal
        ? `<path class="wv-edge" d="M ${x1} ${y1} L ${x2 - 8} ${y2}" /><polygon class="wv-edge-arrow" points="${x2 - 8},${y2 - 4} ${x2 - 8},${y2 + 4} ${x2},${y2}" />`
        : `<path class="wv-edge" d="M ${x1} ${y1} L ${x2} ${y2 - 8}" /><polygon class="wv-edge-arrow" points="${x2 - 4},${y2 - 8} ${x2 + 4},${y2 - 8} ${x2},${y2}" />`,
    );
  }
  const width = Math.max(horizontal ? x + PAD : widest + 2 * PAD, 400);
  const height = Math.max(horizontal ? tallest + 2 * PAD : y + PAD, 300);
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet"><g class="wv-root">${edges.join("")}${boxes.map((b) => b.box.svg).join("")}</g></svg>`;
}

function withDefaults(options: Partial<HTMLRenderOptions>): HTMLRenderOptions {
  return {
    showTimings: true,
    showKeys: false,
    colors: {
      pending: "",
      running: "",
      success: "",
      error: "",
      aborted: "",
      cached: "",
      skipped: "",
    },
    theme: "auto",
    layout: "TB",
    ...options,
  };
}

/** @internal The status line under the title. */
export const statusText = (ir: WorkflowIR) =>
  `${ir.root.state}${ir.root.durationMs !== undefined ? ` · ${formatPreciseDuration(ir.root.durationMs)}` : ""}`;

/**
 * A self-contained HTML page showing the run as an SVG diagram: zoom (wheel, buttons, `+`/`-`/`0`),
 * pan (drag), click-to-inspect. With `wsUrl` (the dev server) it follows the run live and adds
 * time-travel controls and a heatmap toggle.
 */
export function renderToHTML(ir: WorkflowIR, options: Partial<HTMLRenderOptions> = {}): string {
  const o = withDefaults(options);
  const name = o.title ?? ir.root.name ?? "Workflow";
  const live = o.wsUrl !== undefined;
  const travel =
    live && o.timeTravel !== false
      ? `<button id="tt-prev" title="Step back">⏮</button><button id="tt-play" title="Play">▶</button><button id="tt-pause" title="Pause" hidden>⏸</button><button id="tt-next" title="Step forward">⏭</button><input id="tt-slider" type="range" min="0" max="0" value="0" /><span id="tt-time">0 / 0</span>`
      : "";
  const heat =
    live && o.heatmap !== false
      ? `<label><input id="heatmap-toggle" type="checkbox" /> heatmap</label><select id="heatmap-metric" title="Heatmap metric"><option value="duration" selected>duration</option><option value="retryRate">retry rate</option><option value="errorRate">error rate</option></select>`
      : "";
  const controls = live
    ? `<div class="wv-timeline" id="timeline">${travel}${heat}<span id="live-indicator" hidden>● live</span></div>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeXml(name)} - Workflow Visualizer</title>
<style>${CSS}</style>
</head>
<body class="${o.theme}">
<div class="workflow-visualizer">
<header class="wv-header"><h1>${escapeXml(name)}</h1><span class="wv-controls"><button id="zoom-out" title="Zoom out">−</button><button id="zoom-reset" title="Reset zoom">⟲</button><button id="zoom-in" title="Zoom in">+</button></span><span class="wv-status" id="wv-status">${escapeXml(statusText(ir))}</span></header>
${controls}
<div class="wv-main">
<div id="diagram" class="wv-diagram">${renderSvg(ir, o)}</div>
<aside id="inspector" class="wv-inspector"><div id="inspector-content">Select a node to inspect</div></aside>
</div>
</div>
<script>window.__WORKFLOW_IR__ = ${scriptJson(ir)};${live ? ` window.__WORKFLOW_WS__ = ${scriptJson(o.wsUrl)};` : ""}</script>
<script>${CLIENT}</script>
</body>
</html>`;
}

/** The HTML renderer as a `Renderer` (`renderToHTML` with the given options). */
export function htmlRenderer(): Renderer {
  return {
    name: "html",
    supportsLive: true,
    render: (ir, options) => renderToHTML(ir, options),
  };
}
