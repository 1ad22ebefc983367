import {
  createWorkflow,
  err,
  hasType,
  isUnexpectedError,
  type AnyResultFn,
  type ErrorsOfDeps,
  type Result,
  type RunStep,
  type WorkflowEvent,
  type WorkflowOptions,
} from "@awaitly/core";
import { isLockLostError } from "@awaitly/persistence";
import { WaitingError, type Job } from "bullmq";
import type { JobLockFence } from "../checkpointer";
import { RunCancelledError } from "../errors";
import type { WorkflowRun } from "../workflow-run";
import { StopRun, type ActiveRun, type ActiveRuns } from "./active-runs";
import { guardStep } from "./guard-step";
import { runIdOf, type RunJobData } from "./keys";
import type { OutcomeStore } from "./outcome-store";
import { createRunWaits, parkRun } from "./parking";
import { createProgressReporter } from "./progress";
import type { ResolvedWorkerOptions } from "./resolve-options";

/** @internal A BullMQ processor that runs one workflow run per job. */
export type RunProcessor = (job: Job<RunJobData>, token: string | undefined) => Promise<unknown>;

// What the shared workflow needs of one run.
type RunHooks = {
  readonly runId: string;
  afterStep(stepKey: string, result: Result<unknown, unknown, unknown>): Promise<void> | undefined;
  invalidated(stepKey: string): Promise<void>;
};

/**
 * @internal The processor of a worker's jobs: runs the workflow for a job (resuming from its
 * checkpoints when an earlier attempt started it), then parks the run, hands it back, retries it or
 * settles its outcome.
 */
export function createRunProcessor<
  Deps extends Readonly<Record<string, AnyResultFn>>,
  TInput,
  TValue,
>(
  options: ResolvedWorkerOptions<Deps, TInput, TValue>,
  active: ActiveRuns,
  cancelledRecently: (runId: string) => boolean,
  outcomes: OutcomeStore,
): RunProcessor {
  const { redis, keys, runTtl, checkpointer, deps, workflow, retryOn, onEvent, onError } = options;

  // One workflow serves every first start: each run's hooks reach it as the workflow's context.
  let starting: RunHooks | undefined;
  const workflowHooks: WorkflowOptions<ErrorsOfDeps<Deps>, RunHooks> = {
    createContext: () => starting as RunHooks,
    onAfterStep: (stepKey, result, _workflowId, runHooks) => runHooks.afterStep(stepKey, result),
    onStepInvalidated: (stepKey, _workflowId, runHooks) => runHooks.invalidated(stepKey),
    ...(onEvent
      ? {
          onEvent: (event: WorkflowEvent<unknown, RunHooks>, runHooks: RunHooks) => {
            // The context is the engine's, not the user's: events look as without one.
            delete (event as { context?: unknown }).context;
            onEvent(event as WorkflowEvent<unknown, void>, runHooks.runId);
          },
        }
      : {}),
  };
  const firstStarts = createWorkflow<Deps, RunHooks>(deps, workflowHooks);

  const fenceOf = (run: ActiveRun, lockKey: string, token: string): JobLockFence => ({
    key: run.runId,
    redisKey: lockKey,
    token,
    get lost() {
      return run.stop === "lock-lost";
    },
    signal: run.signal,
    assertHeld() {
      if (run.stop === "lock-lost") throw new StopRun("lock-lost");
    },
    release: () => Promise.resolve(false),
  });

  const execute = async (job: Job<RunJobData>, token: string, run: ActiveRun): Promise<unknown> => {
    const { runId } = run;
    const lockKey = keys.lock(job.id ?? "");
    const record = keys.record(runId);
    let attempt = job.attemptsStarted;
    if (attempt > 1) {
      // A previous attempt may have stored the outcome and died before completing the job.
      const [stored, wakes] = await redis.hmget(record, "o", "w");
      if (stored !== null && stored !== undefined) return JSON.parse(stored) as unknown;
      // Waking from a park continues an attempt: only starts that were not wakes count.
      attempt = Math.max(1, attempt - Number(wakes ?? 0));
    }
    const hooks = checkpointer.forRun(options.checkpointId(runId), {
      fence: fenceOf(run, lockKey, token),
    });
    const progress = options.progress
      ? createProgressReporter(
          job,
          options.progressIntervalMs,
          () => run.stop !== undefined,
          onError,
        )
      : undefined;
    let stepsDone = 0;
    const lockLost = (error: unknown): never => {
      if (isLockLostError(error)) run.stop ??= "lock-lost";
      throw error;
    };
    const runHooks: RunHooks = {
      runId,
      afterStep: (stepKey, result) => {
        if (!result.ok) return undefined;
        return hooks.onAfterStep(stepKey, result).then(() => {
          stepsDone += 1;
          progress?.report({ stepsDone, step: stepKey });
        }, lockLost);
      },
      invalidated: async (stepKey) => {
        await hooks.onStepInvalidated?.(stepKey).catch(lockLost);
      },
    };
    // The first start has nothing to resume: skipping the load saves a round trip per run, and
    // the workflow built once serves it. A resumed run loads its checkpoints first.
    const wf =
      job.attemptsStarted > 1
        ? createWorkflow<Deps, RunHooks>(deps, { ...workflowHooks, resumeState: hooks.resumeState })
        : firstStarts;

    let guarded!: RunStep<ErrorsOfDeps<Deps>>;
    const waits = createRunWaits(redis, runId, record, () => guarded, onError);
    const ctx: WorkflowRun = {
      runId,
      signal: run.signal,
      attempt,
      idempotencyKey: (stepKey) => `${runId}:${stepKey}`,
      waitForSignal: waits.waitForSignal,
      sleep: waits.sleep,
    };
    const check = (): void => {
      if (run.stop !== undefined) throw new StopRun(run.stop);
    };
    // The run's signal also reaches core: a cancelled run stops its running step and retry waits.
    // `createContext` hands this run's hooks to the workflow synchronously, inside this call.
    starting = runHooks;
    const running = wf(
      job.data.input as TInput,
      (step, d, input) => {
        guarded = guardStep(step, check);
        return workflow(guarded, d, input, ctx);
      },
      { signal: run.signal },
    );
    starting = undefined;
    const result: Result<unknown, unknown, unknown> = await running.finally(() => progress?.stop());

    const parked = waits.parked;
    if (parked !== undefined && run.stop === undefined) {
      return parkRun(redis, job, token, record, runTtl, parked);
    }
    if (!result.ok && hasType(result.error, "PENDING_APPROVAL") && run.stop === undefined) {
      // Waiting for a person: park without a slot. `queue.resume` promotes the job; a resume
      // that came while this run was still active left its flag, consumed here.
      const recheck = options.approvalRecheckMs;
      return parkRun(redis, job, token, record, runTtl, {
        until: Date.now() + recheck,
        keepMs: recheck,
        wakeField: "r",
        consume: true,
      });
    }
    switch (run.stop) {
      case "lock-lost":
        // Another worker owns the run now (or the stalled check will hand it on): walk away.
        throw new WaitingError();
      case "handoff":
        await job.moveToWait(token);
        throw new WaitingError();
      case "cancelled":
        return outcomes.settle(job, lockKey, token, err(new RunCancelledError(runId)));
      default:
    }
    const retryable =
      !result.ok &&
      (isUnexpectedError(result.error) || (retryOn?.(result.error as never) ?? false));
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (retryable && !lastAttempt) throw asError(result.error);
    if (retryable) {
      // Failed for good: a failed job has no return value, so the record keeps the outcome.
      if (!(await outcomes.writeFenced(runId, lockKey, token, result))) throw new WaitingError();
      throw asError(result.error);
    }
    return outcomes.settle(job, lockKey, token, result);
  };

  return async (job, token) => {
    const jobId = job.id ?? "";
    if (token === undefined) {
      throw new Error(`createWorkflowWorker: BullMQ gave job ${jobId} no lock token`);
    }
    const runId = runIdOf(jobId);
    const run = active.start(runId, cancelledRecently(runId));
    try {
      return await execute(job, token, run);
    } finally {
      active.end(runId);
    }
  };
}

function asError(error: unknown): Error {
  const cause = isUnexpectedError(error)
    ? ((error.cause as { thrown?: unknown }).thrown ?? error.cause)
    : error;
  if (cause instanceof Error) return cause;
  return new Error(`Workflow run failed: ${JSON.stringify(error)}`, { cause: error });
}
