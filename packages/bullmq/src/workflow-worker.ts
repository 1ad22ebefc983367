import type { AnyResultFn } from "@awaitly/core";
import { Worker, type Job } from "bullmq";
import { createActiveRuns } from "./internal/active-runs";
import { createCancelListener } from "./internal/cancel-listener";
import { runIdOf, type RunJobData } from "./internal/keys";
import { createFairDispatcher } from "./internal/fair-dispatch";
import { notifyParent } from "./internal/notify-parent";
import { createOutcomeStore } from "./internal/outcome-store";
import { createQueueCache } from "./internal/queue-cache";
import { resolveWorkerOptions } from "./internal/resolve-options";
import { startProgressTicker } from "./internal/progress";
import { createRunProcessor } from "./internal/run-processor";
import type { WorkflowWorkerOptions } from "./worker-options";

/** A running worker. */
export interface WorkflowWorker {
  /** Stops taking runs, lets running steps end, and hands unfinished runs back to the queue. */
  close(): Promise<void>;
  /** Resolves once the worker is connected and taking runs. */
  waitUntilReady(): Promise<void>;
  /** The underlying BullMQ worker. */
  readonly bullWorker: Worker;
}

/**
 * Creates a worker that runs a workflow for each run of a queue, checkpointing keyed steps so a
 * crashed, retried or handed-over run resumes at its first unfinished step.
 * @example
 * const worker = createWorkflowWorker<OrderInput, typeof deps, Receipt>("orders", {
 *   connection, checkpointer: createRedisCheckpointer(new Redis()), deps,
 *   workflow: async (step, deps, input, run) =>
 *     step(() => deps.charge(input.amount, run.idempotencyKey("charge")), { key: "charge" }),
 * });
 */
export function createWorkflowWorker<
  TInput,
  const Deps extends Readonly<Record<string, AnyResultFn>>,
  TValue,
>(name: string, options: WorkflowWorkerOptions<Deps, TInput, TValue>): WorkflowWorker {
  const resolved = resolveWorkerOptions(name, options);
  const { redis, onError } = resolved;
  const active = createActiveRuns();
  const cancels = createCancelListener(
    redis,
    resolved.keys.cancelChannel,
    (runId) => active.stop(runId, "cancelled"),
    onError,
  );
  const outcomes = createOutcomeStore(resolved);
  const parents = createQueueCache(redis);
  const fair = createFairDispatcher(redis, parents.get(resolved.prefix, name), resolved.prefix);
  const processor = createRunProcessor(resolved, active, cancels.cancelledRecently, outcomes, fair);
  const worker = new Worker<RunJobData>(name, processor, {
    connection: redis,
    prefix: resolved.prefix,
    concurrency: resolved.concurrency,
    lockDuration: resolved.lockDuration,
    stalledInterval: resolved.stalledInterval,
    maxStalledCount: resolved.maxStalledCount,
  });
  worker.on("error", onError);
  // A child run that ends (or fails an attempt: a spurious wake only costs the parent a re-check)
  // wakes its parent.
  const wakeParent = (job: { data: RunJobData } | undefined): void => {
    const parent = job?.data.parent;
    if (parent !== undefined) notifyParent(redis, parents, parent, resolved.runTtl).catch(onError);
  };
  // A run that ended for good frees its key's slot (a failed attempt to be retried keeps it).
  const freeSlot = (job: Job<RunJobData> | undefined): void => {
    const key = job?.data.concurrencyKey;
    if (key !== undefined && job?.finishedOn !== undefined)
      fair.release(job.id ?? "", key).catch(onError);
  };
  // Slots whose dispatcher died before adding the job come back after a grace period.
  const sweep = setInterval(() => void fair.dispatch().catch(onError), 5000);
  (sweep as { unref?: () => void }).unref?.();
  worker.on("completed", (job) => {
    outcomes.completed(job);
    wakeParent(job);
    freeSlot(job);
  });
  worker.on("failed", (job) => {
    wakeParent(job);
    freeSlot(job);
  });
  const stopProgress = resolved.progress
    ? startProgressTicker(active.runs, resolved.progressIntervalMs, onError)
    : () => {};
  worker.on("lockRenewalFailed", (jobIds) => {
    for (const jobId of jobIds) active.stop(runIdOf(jobId), "lock-lost");
  });

  let closing = false;
  return {
    bullWorker: worker,
    waitUntilReady: () => worker.waitUntilReady(),
    async close() {
      if (closing) return;
      closing = true;
      for (const run of active.runs()) run.halt("handoff");
      await worker.close();
      stopProgress();
      await outcomes.flush();
      await cancels.close();
      clearInterval(sweep);
      await parents.close();
    },
  };
}
