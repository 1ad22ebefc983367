import type { WorkflowEvent } from "@awaitly/core";
import { asciiRenderer } from "./ascii-renderer";
import { defaultColorScheme } from "./colors";
import { visibleWidth, wantsColor } from "./internal/format";
import { createIRBuilder } from "./ir-builder";
import type {
  DecisionBranchEvent,
  DecisionEndEvent,
  DecisionStartEvent,
  ScopeEndEvent,
  ScopeStartEvent,
  WorkflowIR,
} from "./types";
import type { VisualizerOptions } from "./visualizer";

/** Where the live view writes (a TTY stream, or anything with `write`). */
export interface LiveStream {
  write(chunk: string): unknown;
  writable?: boolean | undefined;
  columns?: number | undefined;
  /** A terminal: colour is on by default only then. */
  isTTY?: boolean | undefined;
}
/** Options of `createLiveVisualizer`. */
export interface LiveVisualizerOptions extends VisualizerOptions {
  /** Defaults to `process.stdout`. */
  stream?: LiveStream | undefined;
  /** Minimum ms between redraws. Defaults to `100`. */
  updateInterval?: number | undefined;
}
/** A terminal view of a run redrawn in place as events arrive. */
export interface LiveVisualizer {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  handleScopeEvent: (event: ScopeStartEvent | ScopeEndEvent) => void;
  handleDecisionEvent: (event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent) => void;
  getIR: () => WorkflowIR;
  render: () => string;
  start: () => void;
  stop: () => void;
  refresh: () => void;
  reset: () => void;
}

/**
 * A terminal view redrawn in place as events arrive (throttled to `updateInterval`); the final
 * picture stays on screen after `stop()`. Wrapped lines are counted, so the redraw never leaves
 * stale rows behind.
 */
export function createLiveVisualizer(options: LiveVisualizerOptions = {}): LiveVisualizer {
  const stream: LiveStream =
    options.stream ?? (globalThis as unknown as { process: { stdout: LiveStream } }).process.stdout;
  const interval = options.updateInterval ?? 100;
  if (!Number.isFinite(interval) || interval < 0)
    throw new RangeError(
      `createLiveVisualizer: updateInterval must be ≥ 0, got ${String(interval)}`,
    );
  const builder = createIRBuilder({ detectParallel: options.detectParallel ?? true });
  const ascii = asciiRenderer();
  const width = stream.columns ?? 80;
  const renderOptions = {
    showTimings: options.showTimings ?? true,
    showKeys: options.showKeys ?? false,
    terminalWidth: width,
    colors: { ...defaultColorScheme, ...options.colors },
    // Decided by the stream drawn on, not by stdout.
    color: wantsColor(options.color, stream),
  };
  let running = false;
  let lastOutput = "";
  let lastRows = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const getIR = () => {
    const ir = builder.getIR();
    if (options.workflowName && !ir.root.name) ir.root.name = options.workflowName;
    return ir;
  };
  const render = () => ascii.render(getIR(), renderOptions);
  const write = (chunk: string) => {
    if (stream.writable !== false) stream.write(chunk);
  };
  const clear = () => {
    if (lastRows > 0) write(`\x1b[${lastRows}A\x1b[G\x1b[J`);
  };
  const redraw = (force = false) => {
    if (!running) return;
    const output = render();
    if (!force && output === lastOutput) return;
    clear();
    write(`${output}\n`);
    lastOutput = output;
    // Rows on screen, counting lines the terminal wrapped.
    lastRows = output
      .split("\n")
      .reduce((n, line) => n + Math.max(1, Math.ceil(visibleWidth(line) / width)), 0);
  };
  const schedule = () => {
    if (!running || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      redraw();
    }, interval);
  };
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const handleScopeEvent = (event: ScopeStartEvent | ScopeEndEvent) => {
    builder.handleScopeEvent(event);
    schedule();
  };
  return {
    handleEvent(event) {
      builder.handleEvent(event);
      if (
        event.type === "workflow_start" ||
        event.type === "workflow_success" ||
        event.type === "workflow_error"
      )
        redraw();
      else schedule();
    },
    handleScopeEvent,
    handleDecisionEvent(event) {
      builder.handleDecisionEvent(event);
      schedule();
    },
    getIR,
    render,
    start() {
      if (running) return;
      running = true;
      lastOutput = "";
      lastRows = 0;
      write("\x1b[?25l");
      redraw(true);
    },
    stop() {
      if (!running) return;
      cancel();
      clear();
      write(`${render()}\n`);
      write("\x1b[?25h");
      running = false;
      lastRows = 0;
    },
    refresh() {
      cancel();
      redraw(true);
    },
    reset() {
      // Erase the old block too, so a reset view does not leave a stale picture above it.
      if (running) clear();
      builder.reset();
      lastOutput = "";
      lastRows = 0;
    },
  };
}
