import { err, ok, type AsyncResult, type Result, RunNotFoundError } from "@awaitly/core";
import type { Queue } from "bullmq";
import type { RunCheckpointer } from "./checkpointer";
import { jobIdOf, type QueueKeys, type RunJobData } from "./internal/keys";
import type { RedisClient } from "./internal/option-checks";
import type { RunReader } from "./internal/run-reader";
import { runScript } from "./internal/run-script";
import { STEP_FIELD } from "./internal/step-timeline";
import { RetryUnavailableError, RunNotFinishedError, StepNotFoundError } from "./run-action-errors";
import type { RunsFilter } from "./run-list";
import { RETRY_RUN } from "./scripts/retry-run-1.lua";

/** Options of `queue.retry`. */
export interface RetryOptions {
  /**
   * The step to run again, with every step that started after it: their checkpoints are
   * invalidated, earlier ones reused. Defaults to none: every checkpoint is reused, so the run
   * resumes at its first step without one (the failed step).
   */
  fromStep?: string | undefined;
}

/** What `queue.retry` started. */
export interface RetryStarted {
  runId: string;
  /** The step the run starts again from, when one was named. */
  fromStep: string | undefined;
  /** The step keys whose checkpoints were invalidated, in the order they had started. */
  invalidated: string[];
}

/** Everything `queue.retry` can refuse. */
export type RetryError =
  RunNotFoundError | RunNotFinishedError | StepNotFoundError | RetryUnavailableError;

/** An action `queue.bulk` applies to every run a filter lists. */
export type BulkAction =
  | { type: "cancel" }
  | { type: "resume" }
  | { type: "retry"; fromStep?: string | undefined }
  | { type: "signal"; name: string; payload?: unknown };

/** What one run of a bulk action did: the action's own `Result` for it. */
export interface BulkOutcome {
  runId: string;
  result: Result<unknown, { type: string; message: string }>;
}

/** Options of `queue.bulk`. */
export interface BulkOptions {
  /** The most runs acted on (pages are read until then). Defaults to `1000`. */
  max?: number | undefined;
}

/** @internal What the run actions need from their queue. */
export interface RunActionDeps {
  redis: RedisClient;
  keys: QueueKeys;
  /** The BullMQ queue of a run's version, where it runs again. */
  jobQueue: (runId: string) => Promise<Queue<RunJobData>>;
  reader: RunReader;
  checkpointer: RunCheckpointer | undefined;
  checkpointId: (runId: string) => string;
  addJob: (runId: string, data: RunJobData) => Promise<unknown>;
  single: {
    cancel(runId: string): AsyncResult<unknown, { type: string; message: string }>;
    resume(runId: string): AsyncResult<unknown, { type: string; message: string }>;
    signal(
      runId: string,
      name: string,
      payload: unknown,
    ): AsyncResult<unknown, { type: string; message: string }>;
  };
}

/** @internal `retry` and `bulk` of a queue. */
export function createRunActions(deps: RunActionDeps) {
  const { redis, keys, jobQueue, reader, checkpointer, checkpointId } = deps;

  const retry = async (
    runId: string,
    options: RetryOptions = {},
  ): AsyncResult<RetryStarted, RetryError> => {
    const { fromStep } = options;
    const info = await reader.run(runId);
    if (info === undefined) return err(new RunNotFoundError(runId));
    if (!["completed", "failed", "cancelled"].includes(info.status)) {
      return err(new RunNotFinishedError(runId, info.status));
    }
    const job = await (await jobQueue(runId)).getJob(jobIdOf(runId));
    if (job === undefined) {
      return err(new RetryUnavailableError(runId, "its job, which holds the input, is gone"));
    }
    let again: string[] = [];
    if (fromStep !== undefined) {
      const at = info.steps.findIndex((step) => step.key === fromStep);
      if (at === -1) {
        return err(
          new StepNotFoundError(
            runId,
            fromStep,
            info.steps.map((step) => step.key),
          ),
        );
      }
      if (checkpointer === undefined) {
        return err(
          new RetryUnavailableError(
            runId,
            "the queue has no `checkpointer` option, so it cannot rewind checkpoints",
          ),
        );
      }
      again = info.steps.slice(at).map((step) => step.key);
    }
    const taken = (await runScript(
      redis,
      RETRY_RUN,
      [keys.record(runId), keys.index],
      [jobIdOf(runId), Date.now(), ...again.map((key) => `${STEP_FIELD}${key}`)],
    )) as [number, string | null];
    if (taken[0] !== 1) return err(new RunNotFinishedError(runId, taken[1] ?? "unknown"));
    // No worker holds the run now (its job has finished and it is `queued` with no job yet), so
    // the policy's unfenced invalidation cannot race a step's write.
    if (again.length > 0 && checkpointer !== undefined) {
      const hooks = checkpointer.forRun(checkpointId(runId), { fence: false });
      for (const key of again) await hooks.onStepInvalidated(key);
    }
    await job.remove();
    await deps.addJob(runId, { input: job.data.input, retry: true });
    return ok({ runId, fromStep, invalidated: again });
  };

  const apply = (runId: string, action: BulkAction) => {
    switch (action.type) {
      case "cancel":
        return deps.single.cancel(runId);
      case "resume":
        return deps.single.resume(runId);
      case "signal":
        return deps.single.signal(runId, action.name, action.payload);
      case "retry":
        return retry(runId, { fromStep: action.fromStep });
      default:
        throw new TypeError(
          `WorkflowQueue.bulk: action "type" must be cancel, resume, retry or signal, got ${String((action as { type?: unknown }).type)}`,
        );
    }
  };

  const bulk = async (
    filter: RunsFilter,
    action: BulkAction,
    options: BulkOptions = {},
  ): Promise<BulkOutcome[]> => {
    const max = options.max ?? 1000;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `WorkflowQueue.bulk: option "max" must be a positive integer, got ${String(max)}`,
      );
    }
    // The list first, then the actions: a run an action moves to another status is not met twice.
    const runIds: string[] = [];
    let cursor = filter.cursor;
    do {
      const page = await reader.runs({
        ...filter,
        cursor,
        limit: Math.min(1000, max - runIds.length),
      });
      runIds.push(...page.runs.map((run) => run.runId));
      cursor = page.cursor;
    } while (cursor !== undefined && runIds.length < max);
    const outcomes: BulkOutcome[] = [];
    for (const runId of runIds) {
      const result = await apply(runId, action);
      outcomes.push({ runId, result: result.ok ? result : err(result.error) });
    }
    return outcomes;
  };

  return { retry, bulk };
}
