export type {
  WorkflowRun,
  RunStatus,
  RunDiff,
  StepDiff,
  TimelineEntry,
  DevtoolsOptions,
  Devtools,
} from "./types";
export { createDevtools, quickVisualize } from "./devtools";
export { renderDiff } from "./diff";
export type { ConsoleLoggerOptions } from "./console-logger";
export { createConsoleLogger } from "./console-logger";
