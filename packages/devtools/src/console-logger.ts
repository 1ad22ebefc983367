import { isSuspended, type WorkflowEvent } from "@awaitly/core";

type Proc = { env?: Record<string, string | undefined>; stdout?: { isTTY?: boolean } };

/** Colour only on a TTY and never with a non-empty `NO_COLOR` (no-color.org). */
function colorByDefault(): boolean {
  const proc = (globalThis as { process?: Proc }).process;
  const noColor = proc?.env?.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return proc?.stdout?.isTTY === true;
}

/** Options of `createConsoleLogger`. */
export interface ConsoleLoggerOptions {
  /** Put before every line. Defaults to `"[workflow]"`. */
  prefix?: string | undefined;
  /** ANSI colours. Defaults to on only when stdout is a TTY and `NO_COLOR` is unset. */
  colors?: boolean | undefined;
}

/** A one-line-per-event console logger (coloured on a TTY unless `NO_COLOR` is set). */
export function createConsoleLogger(
  options?: ConsoleLoggerOptions,
): (event: WorkflowEvent<unknown, unknown>) => void {
  const prefix = options?.prefix ?? "[workflow]";
  // Decided once, when the logger is made.
  const on = options?.colors ?? colorByDefault();
  const c = (code: string) => (on ? code : "");
  const [reset, dim, green, red, yellow, blue, cyan, magenta] = [
    "\x1b[0m",
    "\x1b[2m",
    "\x1b[32m",
    "\x1b[31m",
    "\x1b[33m",
    "\x1b[34m",
    "\x1b[36m",
    "\x1b[35m",
  ].map(c) as [string, string, string, string, string, string, string, string];
  return (event) => {
    const time = new Date().toISOString().slice(11, 23);
    let message: string;
    switch (event.type) {
      case "workflow_start":
        message = `${blue}⏵ Workflow started${reset}`;
        break;
      case "workflow_success":
        message = `${green}✓ Workflow completed${reset} ${dim}(${event.durationMs}ms)${reset}`;
        break;
      case "workflow_error":
        message = isSuspended(event.error)
          ? `${magenta}⏸ Workflow waiting for approval${reset}`
          : `${red}✗ Workflow failed${reset}`;
        break;
      case "step_start":
        message = `${cyan}→ ${event.name || event.stepKey || event.stepId}${reset}`;
        break;
      case "step_success":
        message = `${green}✓ ${event.name || event.stepKey || event.stepId}${reset} ${dim}(${event.durationMs}ms)${reset}`;
        break;
      case "step_error":
        message = isSuspended(event.error)
          ? `${magenta}⏸ ${event.name || event.stepKey || event.stepId} waiting for approval${reset}`
          : `${red}✗ ${event.name || event.stepKey || event.stepId}${reset}`;
        break;
      case "step_cache_hit":
        message = `${yellow}⚡ ${event.name || event.stepKey} (cached)${reset}`;
        break;
      case "step_retry":
        message = `${yellow}↻ ${event.name || event.stepKey || event.stepId} retry ${event.attempt}/${event.maxAttempts}${reset}`;
        break;
      default:
        message = `${dim}${event.type}${reset}`;
    }
    console.log(`${dim}${time}${reset} ${prefix} ${message}`);
  };
}
