import { err, type Result, RunCancelledError } from "@awaitly/core";
import { WaitingError, type Job } from "bullmq";
import { FINISH_RUN } from "../scripts/finish-run-3.lua";
import { SETTLE_FAILED } from "../scripts/settle-failed-2.lua";
import { jobIdOf, runIdOf, type RunJobData } from "./keys";
import type { ResolvedWorkerOptions } from "./resolve-options";
import { storedStateOf } from "./run-state";
import { runScript } from "./run-script";
import { encodeOutcome, failedOutcome } from "./wire";

/** @internal Where a worker stores its runs' outcomes. */
export interface OutcomeStore {
  /**
   * Writes a finished run's outcome to its record, once, fenced by the job lock (the compare-and-set
   * with `cancel`), and resolves with the outcome the record now holds: the processor's return
   * value. A cancel asked before makes that the cancelled outcome. Throws `WaitingError` when the
   * job lock was lost meanwhile: the run is another worker's now.
   */
  settle(
    job: Job<RunJobData>,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): Promise<unknown>;
  /** After BullMQ failed a job for good: records a failure outcome unless the run has one. */
  failed(job: Job<RunJobData>): void;
}

/**
 * @internal A finished run's outcome is written to its record by one fenced script that also
 * decides between completion and cancel; the job completes with the same outcome as its return
 * value. Checkpoints that do not expire are dropped once the outcome is stored.
 */
export function createOutcomeStore(
  options: Pick<
    ResolvedWorkerOptions<never, unknown, unknown>,
    "redis" | "keys" | "runTtl" | "checkpointer" | "checkpointId" | "checkpointsExpire" | "onError"
  >,
): OutcomeStore {
  const { redis, keys, runTtl, checkpointer, onError } = options;
  const dropCheckpoints = (runId: string): void => {
    if (!options.checkpointsExpire) {
      checkpointer.delete(options.checkpointId(runId)).catch(onError);
    }
  };

  const settle = async (
    job: Job<RunJobData>,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): Promise<unknown> => {
    const runId = runIdOf(job.id ?? "");
    const wire = encodeOutcome(result);
    const [written, stored] = (await runScript(
      redis,
      FINISH_RUN,
      [keys.record(runId), lockKey, keys.index],
      [
        token,
        JSON.stringify(wire),
        storedStateOf(result, wire),
        runTtl,
        jobIdOf(runId),
        Date.now(),
      ],
    )) as [number, string | undefined];
    if (written === 0) throw new WaitingError();
    // A cancel came first: it is the run's outcome.
    if (written === 3) return settle(job, lockKey, token, err(new RunCancelledError(runId)));
    // Only once the outcome is stored: a worker that dies before completing the job leaves a run
    // whose next attempt finds the outcome instead of an empty checkpoint list.
    dropCheckpoints(runId);
    return written === 2 ? (JSON.parse(stored ?? "null") as unknown) : wire;
  };

  return {
    settle,
    failed(job) {
      const jobId = job.id ?? "";
      if (job.finishedOn === undefined || !jobId.startsWith("r_")) return;
      const runId = runIdOf(jobId);
      const outcome = failedOutcome(job.failedReason || "the job failed");
      runScript(
        redis,
        SETTLE_FAILED,
        [keys.record(runId), keys.index],
        [outcome, runTtl, jobId, Date.now()],
      ).then(() => dropCheckpoints(runId), onError);
    },
  };
}
