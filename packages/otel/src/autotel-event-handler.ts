import type { WorkflowEvent } from "@awaitly/core";

/**
 * A debug listener printing one line per workflow/step event when `AUTOTEL_DEBUG=true` (checked on
 * every event, so it can be switched on at run time).
 */
export function createAutotelEventHandler(options?: {
  serviceName?: string | undefined;
  includeStepDetails?: boolean | undefined;
}): (event: WorkflowEvent<unknown>) => void {
  const prefix = `[${options?.serviceName ?? "workflow"}]`;
  const includeStepDetails = options?.includeStepDetails ?? true;
  return (event) => {
    // `globalThis.process` so runtimes without Node's process simply stay silent.
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    if (env?.AUTOTEL_DEBUG !== "true") return;
    switch (event.type) {
      case "workflow_start":
        console.log(`${prefix} Workflow started: ${event.workflowId}`);
        return;
      case "workflow_success":
        console.log(`${prefix} Workflow success: ${event.workflowId} (${event.durationMs}ms)`);
        return;
      case "workflow_error":
        console.log(`${prefix} Workflow error: ${event.workflowId}`, event.error);
        return;
      case "step_start":
        if (includeStepDetails)
          console.log(`${prefix} Step started: ${event.name ?? event.stepKey ?? event.stepId}`);
        return;
      case "step_success":
        if (includeStepDetails)
          console.log(
            `${prefix} Step success: ${event.name ?? event.stepKey ?? event.stepId} (${event.durationMs}ms)`,
          );
        return;
      case "step_error":
        if (includeStepDetails)
          console.log(
            `${prefix} Step error: ${event.name ?? event.stepKey ?? event.stepId}`,
            event.error,
          );
        return;
      case "step_retry":
        console.log(
          `${prefix} Step retry: ${event.name ?? event.stepKey ?? event.stepId} (attempt ${event.attempt}/${event.maxAttempts})`,
        );
        return;
      default:
        return;
    }
  };
}
