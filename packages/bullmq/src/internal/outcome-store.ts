import type { Result } from "@awaitly/core";
import { WaitingError, type Job } from "bullmq";
import { COPY_OUTCOMES } from "../scripts/copy-outcomes-n.lua";
import { FENCED_OUTCOME } from "../scripts/fenced-outcome-2.lua";
import { runIdOf, type RunJobData } from "./keys";
import type { ResolvedWorkerOptions } from "./resolve-options";
import { runScript } from "./run-script";
import { encodeOutcome } from "./wire";

/** @internal Where a worker stores its runs' outcomes. */
export interface OutcomeStore {
  /**
   * The processor's return value for a finished run: its encoded outcome, which BullMQ stores with
   * the completion (also written to the run record first when the job will not keep it). Throws
   * `WaitingError` when the job lock was lost meanwhile: the run is another worker's now.
   */
  settle(
    job: Job<RunJobData>,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): unknown;
  /**
   * Writes the outcome of a run that fails for good (a failed job has no return value) to its
   * record, fenced by the job lock; resolves false when the lock was lost.
   */
  writeFenced(
    runId: string,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): Promise<boolean>;
  /** After BullMQ completed a job: copy its outcome into the run record (batched), drop its checkpoints. */
  completed(job: Job<RunJobData>): void;
  /** Writes the copies still waiting for their batch. */
  flush(): Promise<void>;
}

// Outcome copies into run records: at most this many per script, at most this late.
const COPY_BATCH = 100;
const COPY_DELAY_MS = 50;

/**
 * @internal A finished run's outcome travels with its job's completion, which BullMQ fences with
 * the job lock, whenever the job is kept at least as long as a run record; jobs removed sooner (and
 * scheduler ticks, which have no enqueued record) get it written to the record first, fenced. After
 * a completion the outcome is also copied into the run record, batched (one script per batch), so it
 * outlives a job a user removes early (`result()` copies it too when it reads it).
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

  const writeText = async (
    runId: string,
    lockKey: string,
    token: string,
    text: string,
  ): Promise<boolean> => {
    const written = await runScript(
      redis,
      FENCED_OUTCOME,
      [keys.record(runId), lockKey],
      [token, text, runTtl],
    );
    if (Number(written) !== 1) return false;
    // Only once the outcome is stored: a worker that dies before completing the job leaves a run
    // whose next attempt finds the outcome instead of an empty checkpoint list.
    dropCheckpoints(runId);
    return true;
  };

  const jobKeepsOutcome = (job: Job<RunJobData>): boolean => {
    if (!(job.id ?? "").startsWith("r_")) return false;
    const keep = job.opts.removeOnComplete;
    if (keep === undefined || keep === false) return true;
    if (keep === true || typeof keep === "number") return false;
    const { age, count } = keep as { age?: number; count?: number };
    return count === undefined && age !== undefined && runTtl > 0 && age >= runTtl;
  };

  // Jobs whose completion carries the outcome, to copy into their records once completed.
  const carriesOutcome = new WeakSet<Job<RunJobData>>();
  let copies: string[] = [];
  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = async (): Promise<void> => {
    clearTimeout(copyTimer);
    copyTimer = undefined;
    if (copies.length === 0) return;
    const batch = copies;
    copies = [];
    await runScript(redis, COPY_OUTCOMES, batch, [runTtl]).catch(onError);
  };

  return {
    writeFenced: (runId, lockKey, token, result) =>
      writeText(runId, lockKey, token, JSON.stringify(encodeOutcome(result))),
    settle(job, lockKey, token, result) {
      const encoded = encodeOutcome(result);
      // The common case answers synchronously: no promise of its own on the per-run path.
      if (jobKeepsOutcome(job)) {
        carriesOutcome.add(job);
        return encoded;
      }
      return writeText(runIdOf(job.id ?? ""), lockKey, token, JSON.stringify(encoded)).then(
        (written) => {
          if (!written) throw new WaitingError();
          return encoded;
        },
      );
    },
    completed(job) {
      if (!carriesOutcome.has(job)) return;
      const jobId = job.id ?? "";
      const runId = runIdOf(jobId);
      copies.push(keys.record(runId), keys.job(jobId));
      if (copies.length >= 2 * COPY_BATCH) void flush();
      else copyTimer ??= setTimeout(() => void flush(), COPY_DELAY_MS);
      // The completion stored the outcome: checkpoints that do not expire can go now.
      dropCheckpoints(runId);
    },
    flush,
  };
}
