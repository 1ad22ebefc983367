import type { AnyResultFn, Clock, ErrorsOfDeps, RunStep, WorkflowEvent } from "@awaitly/core";
import type { Cluster, Redis } from "ioredis";
import type { RunCheckpointer } from "./checkpointer";
import type { RunTracing } from "@awaitly/core";
import type { BodyErrors } from "./workflow-definition";
import type { WorkflowRun } from "./workflow-run";

/** Options of `createWorkflowWorker`. */
export interface WorkflowWorkerOptions<
  Deps extends Readonly<Record<string, AnyResultFn>>,
  TInput,
  TValue,
> {
  /**
   * An ioredis client (or `Cluster`) with `maxRetriesPerRequest: null`, BullMQ's requirement for
   * workers.
   */
  connection: Redis | Cluster;
  /**
   * Where keyed steps are checkpointed; give it its own Redis client. On Redis Cluster its keys
   * must not carry a `{…}` hash tag of their own: the worker puts the queue's tag in each run's
   * checkpoint id, so the fenced write (checkpoint and job lock) stays in one slot.
   */
  checkpointer: RunCheckpointer;
  /** The workflow's dependencies; its error union is inferred from them. */
  deps: Deps;
  /** The workflow body, run once per run (and resumed from its checkpoints after a crash). */
  workflow: (
    step: RunStep<ErrorsOfDeps<Deps>>,
    deps: Deps,
    input: TInput,
    run: WorkflowRun,
  ) => TValue | Promise<TValue>;
  /** BullMQ key prefix (must match the queue's; a `{…}` hash tag on Redis Cluster). Defaults to `"bull"`. */
  prefix?: string | undefined;
  /** Runs this worker executes at once. Defaults to `10`. */
  concurrency?: number | undefined;
  /** Job lock lease in ms; a crashed worker's runs move on after about this plus `stalledIntervalMs`. Defaults to `10000`. */
  lockDurationMs?: number | undefined;
  /** How often stalled runs are looked for, in ms. Defaults to `5000`. */
  stalledIntervalMs?: number | undefined;
  /** Stalls a run may have before BullMQ fails it for good. Defaults to `1000000` (never in practice). */
  maxStalledCount?: number | undefined;
  /** Seconds a finished run's record is kept (must match the queue's). Defaults to `604800`. */
  runTtlSeconds?: number | undefined;
  /** Business errors (`err` results, the body's returned ones too) worth a retry; others finish the run. Defaults to none. */
  retryOn?: ((error: ErrorsOfDeps<Deps> | BodyErrors<TValue>) => boolean) | undefined;
  /** Report `{ stepsDone, step }` with `job.updateProgress` after each checkpoint. Defaults to `true`. */
  progress?: boolean | undefined;
  /**
   * A run whose workflow ends with `@awaitly/hitl`'s `PendingApproval` is parked (no slot held)
   * until `queue.resume(runId)`, or re-checks its approval after this many ms. Defaults to `60000`.
   */
  approvalRecheckMs?: number | undefined;
  /**
   * A run waiting for its child runs (`run.child`, `run.children`) is woken as each finishes, and
   * re-checks them after this many ms in case a wake was lost (a child's worker died between its
   * completion and the wake). Defaults to `5000`.
   */
  childRecheckMs?: number | undefined;
  /**
   * Whether a run with a concurrency key keeps its key's slot while parked (`sleep`,
   * `waitForSignal`, children, approvals). When it does not, its slot goes to the next run of its
   * key, and on waking it takes a slot again, first in its key's line. Defaults to `false`.
   */
  parkedRunsHoldSlot?: boolean | undefined;
  /** Least time between two progress writes of one run, in ms. Defaults to `250`. */
  progressIntervalMs?: number | undefined;
  /**
   * Longest time in ms one step attempt may take. When it passes, the run's signal is aborted, the
   * worker stops waiting for the step (its slot is freed) and the run fails for good with a
   * `StepDeadlineError` (reported to `onError` too). `0` sets no deadline. Defaults to `0`.
   */
  stepTimeoutMs?: number | undefined;
  /**
   * Longest time in ms a run may execute on a worker at once (one attempt; parked time does not
   * count). When it passes, the run fails for good with a `RunDeadlineError`, as for
   * `stepTimeoutMs`. `0` sets no deadline. Defaults to `0`.
   */
  runTimeoutMs?: number | undefined;
  /** Workflow events of every run on this worker. Defaults to none. */
  onEvent?: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined;
  /**
   * Traces each attempt of each run (e.g. `@awaitly/otel`'s `createRunTracing()`): a span per
   * attempt, child of the enqueuer's context, with the workflow's and steps' spans under it and
   * each step's span active while it runs. Defaults to none.
   */
  tracing?: RunTracing | undefined;
  /** Worker errors (Redis trouble, a lost lock); BullMQ retries on its own. Defaults to ignoring them. */
  onError?: ((error: Error) => void) | undefined;
  /**
   * The time `run.sleep` and `run.waitForSignal` deadlines and the approval re-check are computed
   * on, and that each run's retry backoff and step timeouts wait on. A parked run is woken by
   * BullMQ's delayed jobs, which follow Redis's time, so it must track real time. Defaults to the
   * real clock.
   */
  clock?: Clock | undefined;
  /**
   * The workflow version this worker runs (as the queue's `version` option): it takes only runs
   * enqueued on this version, so during a rolling deploy old workers drain old runs while new runs
   * go to new workers. Defaults to none: the worker takes the runs enqueued without a version.
   */
  version?: string | undefined;
  /**
   * Other versions whose runs this worker's code can also run (their changes are patched, see
   * `step.patched`): it takes their runs too. Each version is fetched by a BullMQ worker of its
   * own, with `concurrency` each. Defaults to `[]`.
   */
  compatibleVersions?: readonly string[] | undefined;
}

/** The defaults `createWorkflowWorker` applies (`closeTimeoutMs`: `close()`'s default `timeoutMs`). */
export const DEFAULT_WORKFLOW_WORKER_OPTIONS = {
  prefix: "bull",
  concurrency: 10,
  lockDurationMs: 10_000,
  stalledIntervalMs: 5000,
  maxStalledCount: 1_000_000,
  runTtlSeconds: 7 * 24 * 3600,
  progress: true,
  progressIntervalMs: 250,
  approvalRecheckMs: 60_000,
  childRecheckMs: 5000,
  parkedRunsHoldSlot: false,
  stepTimeoutMs: 0,
  runTimeoutMs: 0,
  closeTimeoutMs: 30_000,
} as const;
