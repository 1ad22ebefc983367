import type { WorkflowEvent } from "@awaitly/core";
import { asciiRenderer } from "./ascii-renderer";
import { defaultColorScheme } from "./colors";
import { wantsColor } from "./internal/format";
import { createIRBuilder } from "./ir-builder";
import { flowchartRenderer } from "./flowchart-renderer";
import { loggerRenderer } from "./logger-renderer";
import { mermaidRenderer } from "./mermaid-renderer";
import type {
  CollectableEvent,
  ColorScheme,
  DecisionBranchEvent,
  DecisionEndEvent,
  DecisionStartEvent,
  OutputFormat,
  RenderOptions,
  SagaEventLike,
  ScopeEndEvent,
  ScopeStartEvent,
  WorkflowIR,
} from "./types";

/** Options of `createVisualizer`. */
export interface VisualizerOptions {
  /** Title of the diagrams. Defaults to none ("workflow"). */
  workflowName?: string | undefined;
  /** Group root-level steps whose run times overlap. Defaults to `true`. */
  detectParallel?: boolean | undefined;
  /** Show durations. Defaults to `true`. */
  showTimings?: boolean | undefined;
  /** Show step keys in the ASCII view. Defaults to `false`. */
  showKeys?: boolean | undefined;
  /** ANSI colours per state. Defaults to `defaultColorScheme`. */
  colors?: Partial<ColorScheme> | undefined;
  /**
   * ANSI colour in `render()` and the ASCII/flowchart formats. Defaults to on only when stdout is a
   * TTY and `NO_COLOR` is unset.
   */
  color?: boolean | undefined;
  /** Width of the ASCII box. Defaults to the terminal's width, else 80. */
  terminalWidth?: number | undefined;
}

/** Collects a run's events and renders it. */
export interface WorkflowVisualizer {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  handleScopeEvent: (event: ScopeStartEvent | ScopeEndEvent) => void;
  handleDecisionEvent: (event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent) => void;
  /**
   * Takes `@awaitly/saga` events (pass it as a saga's `onEvent`): a step whose compensation ran is
   * drawn as compensated. Steps forgotten with `step.invalidate` (`runSagaStep` with
   * `checkpointedStep`) are drawn so from `handleEvent` alone.
   */
  handleSagaEvent: (event: SagaEventLike) => void;
  getIR: () => WorkflowIR;
  render: () => string;
  renderAs: (format: OutputFormat) => string;
  reset: () => void;
  onUpdate: (callback: (ir: WorkflowIR) => void) => () => void;
}

/**
 * Plug into `onEvent`, then `render()` (ASCII) or `renderAs("mermaid" | "json" | "logger" | "flowchart")`; `getIR()` feeds
 * `renderToHTML`.
 * @example
 * const viz = createVisualizer({ workflowName: "checkout" });
 * await createWorkflow(deps, { onEvent: viz.handleEvent })(body);
 * console.log(viz.render());
 */
export function createVisualizer(options: VisualizerOptions = {}): WorkflowVisualizer {
  const builder = createIRBuilder({ detectParallel: options.detectParallel ?? true });
  const renderOptions: RenderOptions = {
    showTimings: options.showTimings ?? true,
    showKeys: options.showKeys ?? false,
    terminalWidth:
      options.terminalWidth ??
      (globalThis as { process?: { stdout?: { columns?: number } } }).process?.stdout?.columns ??
      80,
    colors: { ...defaultColorScheme, ...options.colors },
    color: wantsColor(options.color),
  };
  const ascii = asciiRenderer();
  const mermaid = mermaidRenderer();
  const listeners = new Set<(ir: WorkflowIR) => void>();

  const getIR = (): WorkflowIR => {
    const ir = builder.getIR();
    if (options.workflowName && !ir.root.name) ir.root.name = options.workflowName;
    return ir;
  };
  const notify = () => {
    if (listeners.size === 0) return;
    const ir = getIR();
    for (const listener of listeners) listener(ir);
  };

  return {
    handleEvent(event) {
      builder.handleEvent(event);
      notify();
    },
    handleScopeEvent(event) {
      builder.handleScopeEvent(event);
      notify();
    },
    handleDecisionEvent(event) {
      builder.handleDecisionEvent(event);
      notify();
    },
    handleSagaEvent(event) {
      builder.handleSagaEvent(event);
      notify();
    },
    getIR,
    render: () => ascii.render(getIR(), renderOptions),
    renderAs(format) {
      if (format === "ascii") return ascii.render(getIR(), renderOptions);
      if (format === "mermaid") return mermaid.render(getIR(), renderOptions);
      if (format === "logger") return loggerRenderer().render(getIR(), renderOptions);
      if (format === "flowchart") return flowchartRenderer().render(getIR(), renderOptions);
      if (format === "json") {
        return JSON.stringify(
          getIR(),
          (_k, v: unknown): unknown =>
            v instanceof Map
              ? Object.fromEntries(v)
              : v instanceof Error
                ? { name: v.name, message: v.message }
                : v,
          2,
        );
      }
      throw new Error(
        `Unknown format: ${String(format)} (use "ascii", "mermaid", "json", "logger" or "flowchart"; HTML comes from renderToHTML)`,
      );
    },
    reset() {
      builder.reset();
      notify();
    },
    onUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
  };
}

const replay = (events: CollectableEvent[], options: VisualizerOptions) => {
  const viz = createVisualizer(options);
  for (const event of events) {
    if (event.type.startsWith("decision_")) viz.handleDecisionEvent(event as DecisionStartEvent);
    else viz.handleEvent(event as WorkflowEvent<unknown>);
  }
  return viz;
};

/** Renders recorded events as ASCII in one call. */
export function visualizeEvents(
  events: CollectableEvent[],
  options: VisualizerOptions = {},
): string {
  return replay(events, options).render();
}

/** Records events (workflow and decision) to visualize later. */
export function createEventCollector(options: VisualizerOptions = {}) {
  let events: CollectableEvent[] = [];
  return {
    handleEvent: (event: WorkflowEvent<unknown, unknown>) => void events.push(event),
    handleDecisionEvent: (event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent) =>
      void events.push(event),
    getEvents: () => [...events],
    getWorkflowEvents: () =>
      events.filter((e) => !e.type.startsWith("decision_")) as WorkflowEvent<unknown>[],
    getDecisionEvents: () =>
      events.filter((e) => e.type.startsWith("decision_")) as (
        DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent
      )[],
    clear() {
      events = [];
    },
    visualize: () => replay(events, options).render(),
    visualizeAs: (format: OutputFormat) => replay(events, options).renderAs(format),
  };
}
