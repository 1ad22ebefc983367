import type { RunInfo } from "@awaitly/bullmq";
import type { StepNode, StepState, WorkflowIR } from "@awaitly/visualize";

type Run = RunInfo<unknown, unknown, unknown>;

const STATE: Record<Run["steps"][number]["status"], StepState> = {
  completed: "success",
  failed: "error",
  cached: "cached",
  compensated: "success",
};

const endOf = (startedAt: number | undefined, durationMs: number | undefined) =>
  startedAt === undefined || durationMs === undefined ? undefined : startedAt + durationMs;

// A compensation as a node of its own, after the step that failed: what it undid, and how it went.
function compensationNode(compensation: Run["compensations"][number], i: number): StepNode {
  const undid = compensation.name ?? compensation.stepKeys.join(", ");
  return {
    type: "step",
    id: `compensation:${String(i)}`,
    name: `↩ compensate ${undid}`,
    state: compensation.status === "completed" ? "success" : "error",
    startTs: compensation.startedAt,
    endTs: endOf(compensation.startedAt, compensation.durationMs),
    durationMs: compensation.durationMs,
    error:
      compensation.status === "failed"
        ? {
            type: compensation.errorType,
            message: compensation.errorMessage ?? compensation.errorType,
          }
        : undefined,
  };
}

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
 * its error, a step a saga compensation undid drawn as compensated), one node per compensation
 * that ran (failed ones with their error), and a parked run's wait as a last `waiting` node named
 * for what it waits on.
 */
export function runToIR(run: Run): WorkflowIR {
  const children: StepNode[] = run.steps.map((step) => ({
    type: "step",
    id: step.key,
    key: step.key,
    name: step.name,
    state: STATE[step.status],
    startTs: step.startedAt,
    endTs: endOf(step.startedAt, step.durationMs),
    durationMs: step.durationMs,
    error:
      step.status === "failed"
        ? { type: step.errorType, message: step.errorMessage ?? step.errorType }
        : undefined,
    compensated: step.status === "compensated" ? true : undefined,
  }));
  run.compensations.forEach((compensation, i) => children.push(compensationNode(compensation, i)));
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
