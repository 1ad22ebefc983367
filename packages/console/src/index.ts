export { createRunConsole } from "./run-console";
export { DEFAULT_RUN_CONSOLE_OPTIONS } from "./console-options";
export type {
  RunConsoleOptions,
  ConsoleAuthorize,
  ConsoleAction,
  ConsoleQueue,
} from "./console-options";
export { runToIR } from "./run-ir";
