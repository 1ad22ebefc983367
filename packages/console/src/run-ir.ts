import type { RunInfo } from "@awaitly/bullmq";
import type { StepNode, StepState, WorkflowIR } from "@awaitly/visualize";

const STATE: Record<RunInfo<unknown, unknown, unknown>["steps"][number]["status"], StepState> = {
  completed: "success",
  failed: "error",
  cached: "cached",
};

const ROOT_STATE: Record<RunInfo<unknown, unknown, unknown>["status"], StepState> = {
  waiting: "pending",
  active: "running",
  parked: "waiting",
  completed: "success",
  failed: "error",
  cancelled: "aborted",
};

/**
 * A run as `@awaitly/visualize` draws it: one node per keyed step (durations, the failed step with
 * its error), and a parked run's wait as a last `waiting` node named for what it waits on.
 */
export function runToIR(run: RunInfo<unknown, unknown, unknown>): WorkflowIR {
  const children: StepNode[] = run.steps.map((step) => ({
    type: "step",
    id: step.key,
    key: step.key,
    name: step.name,
    state: STATE[step.status],
    startTs: step.startedAt,
    endTs:
      step.startedAt === undefined || step.durationMs === undefined
        ? undefined
        : step.startedAt + step.durationMs,
    durationMs: step.durationMs,
    error:
      step.status === "failed"
        ? { type: step.errorType, message: step.errorMessage ?? step.errorType }
        : undefined,
  }));
  if (run.parkedOn !== undefined) {
    const on = run.parkedOn.on;
    children.push({
      type: "step",
      id: `parked:${on}`,
      key: run.parkedOn.stepKey,
      name: on === "sleep" || on === "approval" ? `waiting: ${on}` : `waiting for signal "${on}"`,
      state: "waiting",
      startTs: run.updatedAt,
    });
  }
  const created = run.createdAt ?? Date.now();
  return {
    root: {
      type: "workflow",
      id: run.runId,
      workflowId: run.runId,
      name: run.runId,
      state: ROOT_STATE[run.status],
      startTs: run.startedAt,
      endTs: run.finishedAt,
      durationMs:
        run.finishedAt !== undefined && run.startedAt !== undefined
          ? run.finishedAt - run.startedAt
          : undefined,
      children,
    },
    metadata: { createdAt: created, lastUpdatedAt: run.updatedAt ?? created },
  };
}
