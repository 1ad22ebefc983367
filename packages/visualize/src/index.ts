// Types
export type {
  ScopeType,
  ScopeStartEvent,
  ScopeEndEvent,
  DecisionStartEvent,
  DecisionBranchEvent,
  DecisionEndEvent,
  StepSkippedEvent,
  ScopeEvent,
  DecisionEvent,
  SagaEventLike,
  CollectableEvent,
  StepState,
  BaseNode,
  StepNode,
  SequenceNode,
  ParallelNode,
  RaceNode,
  DecisionNode,
  DecisionBranch,
  FlowNode,
  WorkflowNode,
  WorkflowIR,
  HookState,
  HookExecution,
  WorkflowHooks,
  ActiveStepSnapshot,
  IRSnapshot,
  ColorScheme,
  RenderOptions,
  Renderer,
  OutputFormat,
  MermaidRenderOptions,
  HTMLTheme,
  LayoutDirection,
  HTMLRenderOptions,
} from "./types";
export {
  isStepNode,
  isSequenceNode,
  isParallelNode,
  isRaceNode,
  isDecisionNode,
  hasChildren,
} from "./types";

// Events → IR
export type { IRBuilderOptions } from "./ir-builder";
export { createIRBuilder } from "./ir-builder";
export type { ParallelDetectorOptions } from "./parallel-detector";
export { detectParallelGroups, createParallelDetector } from "./parallel-detector";

// Rendering
export { defaultColorScheme } from "./colors";
export { asciiRenderer } from "./ascii-renderer";
export { mermaidRenderer, escapeMermaid } from "./mermaid-renderer";
export { htmlRenderer, renderToHTML, escapeXml } from "./html-renderer";
export type { VisualizerOptions, WorkflowVisualizer } from "./visualizer";
export { createVisualizer, visualizeEvents, createEventCollector } from "./visualizer";

export type {
  StepLog,
  HookLog,
  WorkflowSummary,
  LoggerOutput,
  LoggerRenderOptions,
} from "./logger-renderer";
export { loggerRenderer } from "./logger-renderer";
export { flowchartRenderer } from "./flowchart-renderer";

// Live view, time travel, performance, dev server
export type { LiveVisualizer, LiveVisualizerOptions, LiveStream } from "./live-visualizer";
export { createLiveVisualizer } from "./live-visualizer";
export type { TimeTravelController, TimeTravelOptions, TimeTravelState } from "./time-travel";
export { createTimeTravelController } from "./time-travel";
export type {
  PerformanceAnalyzer,
  NodePerformance,
  HeatmapData,
  HeatLevel,
  WorkflowRun,
} from "./performance-analyzer";
export { createPerformanceAnalyzer, getHeatLevel } from "./performance-analyzer";
export type {
  DevServer,
  DevServerOptions,
  WebVisualizerMessage,
  ServerMessage,
} from "./dev-server";
export { createDevServer } from "./dev-server";

// Decisions
export type {
  DecisionTracker,
  DecisionTrackerOptions,
  IfTracker,
  SwitchTracker,
} from "./decision-tracker";
export { trackDecision, trackIf, trackSwitch } from "./decision-tracker";
