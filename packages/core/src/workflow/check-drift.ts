import { RunContext } from "../run/internal/run-context";
import { REPLAY_END } from "../run/internal/step-hooks";
import { hasRecordedAhead, StepOrder } from "../run/internal/step-order";
import { createRunStep, executeRun } from "../run/run";
import type { RunStep } from "../run/run-step";
import type { StepCache } from "../run/step-cache";
import { isWorkflowDriftError, type WorkflowDriftError } from "./drift-error";
import { loadResumeState } from "./resume-state";
import type { ResumeState } from "./types";

/** One saved run to check: its id, its checkpoints and (for bodies that take one) its input. */
export interface DriftRun<TInput = unknown> {
  runId: string;
  state: ResumeState;
  /** The input the run was started with, passed to the body as its third argument. Defaults to `undefined`. */
  input?: TInput | undefined;
}

/** What the new code does with one saved run. */
export type DriftVerdict =
  /** The run resumes on the new code as it is. */
  | { runId: string; status: "compatible" }
  /** The run resumes only through the old path of these patches: keep them in the code. */
  | { runId: string; status: "needs-patch"; patches: readonly string[] }
  /** The run would stop with this `WorkflowDriftError` at keyed step `index`. */
  | {
      runId: string;
      status: "diverges";
      index: number;
      recorded: string;
      requested: string | undefined;
      error: WorkflowDriftError;
    }
  /**
   * The replay stopped before the run's recorded steps were all asked for, for another reason
   * than drift: the body called a dependency outside a recorded step, or threw (`reason` says).
   */
  | { runId: string; status: "unchecked"; reason: string };

/** The verdicts of `checkDrift`, with what a deploy gate needs. */
export interface DriftReport {
  runs: DriftVerdict[];
  /** How many runs diverge: non-zero means the new code would stop them with `WorkflowDriftError`. */
  drifted: number;
  /**
   * Each patch the replays asked about, with how many runs still take its old path: at 0, no run
   * needs it, so the `step.patched` call and its old path can be removed.
   */
  patches: Record<string, { oldPath: number }>;
}

/**
 * The workflow body to check, as the workflow calls it: `(step, deps, input, ctx)`; `ctx` is
 * `{ workflowId }` unless the check's `context` builds another (an engine's run).
 */
export type DriftBody<TStep, TDeps, TInput, TCtx = { workflowId: string }> = (
  step: TStep,
  deps: TDeps,
  input: TInput,
  ctx: TCtx,
) => unknown;

/** Options of `checkDrift`. */
export interface CheckDriftOptions<TStep, TDeps, TInput, TCtx = { workflowId: string }> {
  /** The new code's workflow body. Required. */
  body: DriftBody<TStep, TDeps, TInput, NoInfer<TCtx>>;
  /** The saved runs (active or parked) to check, e.g. loaded from a checkpointer. Required. */
  runs: Iterable<DriftRun<TInput>> | AsyncIterable<DriftRun<TInput>>;
  /**
   * Builds the body's fourth argument for one replay from the replay's `step`: an engine's run,
   * whose waits are keyed steps replayed from the record like any other (`@awaitly/bullmq`'s
   * `driftRunContext`). Defaults to `{ workflowId }`.
   */
  context?: ((step: TStep, run: DriftRun<TInput>) => TCtx) | undefined;
}

/** Thrown by a dependency during a check: a replay never calls one. */
class DependencyCalled {
  constructor(readonly name: string) {}
}

/**
 * Replays a workflow body against each saved run's checkpoints, without calling any dependency,
 * and says whether the run would resume on this code: compatible, compatible through the old path
 * of some patches, or diverging at keyed step `index` (recorded vs requested). Recorded steps are
 * replayed from the checkpoints; the replay ends at the first step the record does not hold (where
 * the run would start running new code). Unkeyed steps run, but a dependency they call ends the
 * replay. A pre-deploy gate: fail when `drifted` is not 0.
 * @example
 * const report = await checkDrift({ body: checkoutBody, runs: await loadRuns(checkpointer) });
 * if (report.drifted > 0) process.exit(1);
 */
export async function checkDrift<TStep, TDeps, TInput = unknown, TCtx = { workflowId: string }>(
  options: CheckDriftOptions<TStep, TDeps, TInput, TCtx>,
): Promise<DriftReport> {
  const { body, runs, context } = options ?? {};
  if (typeof body !== "function") {
    throw new TypeError(`checkDrift: option "body" must be the workflow body, got ${typeof body}`);
  }
  if (runs === null || typeof runs !== "object") {
    throw new TypeError(`checkDrift: option "runs" must be an iterable of saved runs`);
  }
  if (context !== undefined && typeof context !== "function") {
    throw new TypeError(`checkDrift: option "context" must be a function, got ${typeof context}`);
  }
  const report: DriftReport = { runs: [], drifted: 0, patches: {} };
  for await (const run of runs) {
    const verdict = await replay(
      body as DriftBody<RunStep<unknown>, unknown, unknown, unknown>,
      run,
      report.patches,
      context as ((step: RunStep<unknown>, run: DriftRun<unknown>) => unknown) | undefined,
    );
    report.runs.push(verdict);
    if (verdict.status === "diverges") report.drifted++;
  }
  return report;
}

async function replay(
  body: DriftBody<RunStep<unknown>, unknown, unknown, unknown>,
  run: DriftRun<unknown>,
  patches: DriftReport["patches"],
  context: ((step: RunStep<unknown>, run: DriftRun<unknown>) => unknown) | undefined,
): Promise<DriftVerdict> {
  const { runId } = run;
  const rc = new RunContext(
    `drift-check:${runId}`,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  );
  const cache: StepCache = new Map();
  let order: StepOrder;
  try {
    order = new StepOrder(loadResumeState(run.state, cache), run.state.runId ?? runId);
  } catch (unusable) {
    return { runId, status: "unchecked", reason: messageOf(unusable) };
  }
  order.replay = true;
  rc.hooks = { cache };
  rc.order = order;
  const deps = stubDeps(order);
  const result = await executeRun(
    rc,
    (step: RunStep<unknown>) =>
      body(step, deps, run.input, context ? context(step, run) : { workflowId: rc.workflowId }),
    createRunStep(rc),
  );
  const stopped = result.ok ? undefined : result.cause;
  if (isWorkflowDriftError(stopped)) {
    const { index, recorded, requested } = stopped;
    return { runId, status: "diverges", index, recorded, requested, error: stopped };
  }
  if (!result.ok && stopped !== REPLAY_END && hasRecordedAhead(order)) {
    const reason =
      stopped instanceof DependencyCalled
        ? `the body called dependency "${stopped.name}" outside a recorded step`
        : `the body stopped: ${messageOf(stopped)}`;
    return { runId, status: "unchecked", reason };
  }
  // Every recorded step was asked for in an order the record allows: the rest is new territory.
  for (const id of order.patches) patches[id] ??= { oldPath: 0 };
  const oldPaths = [...new Set(order.oldPaths)];
  for (const id of oldPaths) (patches[id] as { oldPath: number }).oldPath++;
  return oldPaths.length > 0
    ? { runId, status: "needs-patch", patches: oldPaths }
    : { runId, status: "compatible" };
}

// Dependencies that end the replay when called: nothing outside the record runs during a check.
function stubDeps(order: StepOrder): unknown {
  return new Proxy(
    {},
    {
      get: (_target, name) =>
        typeof name !== "string" || name === "then"
          ? undefined
          : () => {
              const called = new DependencyCalled(name);
              order.halted ??= called;
              throw called;
            },
    },
  );
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
