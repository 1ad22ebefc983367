import type { WorkflowEvent } from "@awaitly/core";

/** A one-line-per-event console logger (ANSI colours by default). */
export function createConsoleLogger(options?: {
  prefix?: string | undefined;
  colors?: boolean | undefined;
}): (event: WorkflowEvent<unknown, unknown>) => void {
  const prefix = options?.prefix ?? "[workflow]";
  const on = options?.colors ?? true;
  const c = (code: string) => (on ? code : "");
  const [reset, dim, green, red, yellow, blue, cyan] = [
    "\x1b[0m",
    "\x1b[2m",
    "\x1b[32m",
    "\x1b[31m",
    "\x1b[33m",
    "\x1b[34m",
    "\x1b[36m",
  ].map(c) as [string, string, string, string, string, string, string];
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
        message = `${red}✗ Workflow failed${reset}`;
        break;
      case "step_start":
        message = `${cyan}→ ${event.name || event.stepKey || event.stepId}${reset}`;
        break;
      case "step_success":
        message = `${green}✓ ${event.name || event.stepKey || event.stepId}${reset} ${dim}(${event.durationMs}ms)${reset}`;
        break;
      case "step_error":
        message = `${red}✗ ${event.name || event.stepKey || event.stepId}${reset}`;
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
