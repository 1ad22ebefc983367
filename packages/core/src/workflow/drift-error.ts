import { hasType } from "../result/has-type";

/**
 * A resumed run's code asked for its keyed steps in an order its record contradicts: a new step
 * before a recorded one, or a recorded step missing or moved. Thrown inside the run before the
 * step at `index` starts (and every later step refuses to start), so nothing past the divergence
 * runs; it surfaces like any exception (the `thrown` of an `UnexpectedError`, or through
 * `catchUnexpected`), and `result.cause` is this error.
 */
export class WorkflowDriftError extends Error {
  readonly type = "WORKFLOW_DRIFT" as const;
  override readonly name = "WorkflowDriftError";
  /** The run's id when its resume state names one (checkpointers do), else `undefined`. */
  readonly runId: string | undefined;
  /** The id of this invocation (events, hooks). */
  readonly workflowId: string;
  /** How many distinct keyed steps the code had asked for before the divergence (0-based position). */
  readonly index: number;
  /** The recorded step the run expected next (the earliest one not asked for yet). */
  readonly recorded: string;
  /** The step the code asked for instead; `undefined` when the code finished without asking for `recorded`. */
  readonly requested: string | undefined;
  constructor(fields: {
    runId: string | undefined;
    workflowId: string;
    index: number;
    recorded: string;
    requested: string | undefined;
  }) {
    const { runId, index, recorded, requested } = fields;
    super(
      `workflow drift in ${runId === undefined ? "a resumed run" : `run "${runId}"`} at keyed step ${index}: ` +
        `recorded "${recorded}", the code asked for ${requested === undefined ? "nothing more" : `"${requested}"`}. ` +
        `Mark code changes with step.patched(id) (docs/deploying-new-workflow-code.md)`,
    );
    this.runId = runId;
    this.workflowId = fields.workflowId;
    this.index = index;
    this.recorded = recorded;
    this.requested = requested;
  }
}

/** True for a `WorkflowDriftError` (checks the `type` discriminant only). */
export const isWorkflowDriftError = (e: unknown): e is WorkflowDriftError =>
  hasType(e, "WORKFLOW_DRIFT");
