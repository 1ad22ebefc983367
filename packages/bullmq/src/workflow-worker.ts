import type { AnyResultFn } from "@awaitly/core";
import { Worker, type Job } from "bullmq";
import { createActiveRuns } from "./internal/active-runs";
import { watchAvailability } from "./internal/availability";
import { createCancelListener } from "./internal/cancel-listener";
import { bullNameOf, runIdOf, type RunJobData } from "./internal/keys";
import { createFairDispatcher } from "./internal/fair-dispatch";
import { sweepDebounced } from "./internal/debounce-sweep";
import { notifyParent } from "./internal/notify-parent";
import { createOutcomeStore } from "./internal/outcome-store";
import { createQueueCache } from "./internal/queue-cache";
import { resolveWorkerOptions } from "./internal/resolve-options";
import { startProgressTicker } from "./internal/progress";
import { createRunProcessor } from "./internal/run-processor";
import { assertVersion, timerMs } from "./internal/option-checks";
import { DEFAULT_WORKFLOW_WORKER_OPTIONS, type WorkflowWorkerOptions } from "./worker-options";
import {
  nameOf,
  workerOptionsOf,
  type DefinitionWorkerOptions,
  type WorkflowDefinition,
  type WorkflowDeps,
} from "./workflow-definition";

// How often a worker runs the fair dispatcher and the debounce sweep.
const SWEEP_MS = 5000;

// How long handed-back runs get to leave their slots once close's timeout passed.
const HANDBACK_MS = 5000;

// Whether `promise` settles within `ms` (it is never left rejecting unhandled).
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}

/** A running worker. */
export interface WorkflowWorker {
  /**
   * Stops taking runs, lets running steps end for up to `timeoutMs` (defaults to `30000`), then
   * hands every unfinished run back to the queue (their signals aborted) and resolves, even when
   * a step never settles. Every call returns the same promise.
   */
  close(options?: { timeoutMs?: number | undefined }): Promise<void>;
  /** Resolves once the worker is connected and taking runs. */
  waitUntilReady(): Promise<void>;
  /** The underlying BullMQ worker. */
  readonly bullWorker: Worker;
}

/**
 * Creates a worker that runs a workflow definition's body for each run of its queue,
 * checkpointing keyed steps so a crashed, retried or handed-over run resumes at its first
 * unfinished step.
 * @example
 * const worker = createWorkflowWorker(orders, { // orders = defineWorkflow({ … })
 *   connection, checkpointer: createRedisCheckpointer(new Redis()),
 * });
 */
export function createWorkflowWorker<TInput, TValue, TError, Deps extends WorkflowDeps>(
  definition: WorkflowDefinition<TInput, TValue, TError, Deps>,
  options: DefinitionWorkerOptions<TError>,
): WorkflowWorker;
/**
 * Creates a worker from a queue name and the workflow in its options (`deps`, `workflow`). Prefer
 * the definition form (`defineWorkflow`): the queue then takes its types from the same value.
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
>(name: string, options: WorkflowWorkerOptions<Deps, TInput, TValue>): WorkflowWorker;
export function createWorkflowWorker(
  nameOrDefinition: string | WorkflowDefinition<unknown, unknown, unknown>,
  givenOptions:
    WorkflowWorkerOptions<WorkflowDeps, unknown, unknown> | DefinitionWorkerOptions<unknown>,
): WorkflowWorker {
  const name = nameOf("createWorkflowWorker", nameOrDefinition);
  const options = workerOptionsOf(nameOrDefinition, givenOptions);
  const others = compatibleVersionsOf(options);
  if (others.length === 0) return startWorker(name, options);
  const workers = [options.version, ...others].map((version) =>
    startWorker(name, { ...options, version, compatibleVersions: undefined }),
  );
  const [first] = workers as [WorkflowWorker, ...WorkflowWorker[]];
  let closing: Promise<void> | undefined;
  return {
    bullWorker: first.bullWorker,
    waitUntilReady: async () => {
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },
    close(closeOptions) {
      closing ??= Promise.all(workers.map((worker) => worker.close(closeOptions))).then(() => {});
      return closing;
    },
  };
}

// The other versions a worker takes: validated, without its own version or repeats.
function compatibleVersionsOf(options: {
  version?: string | undefined;
  compatibleVersions?: readonly string[] | undefined;
}): string[] {
  const where = "createWorkflowWorker";
  const given = options.compatibleVersions ?? [];
  if (!Array.isArray(given)) {
    throw new TypeError(
      `${where}: option "compatibleVersions" must be an array of versions, got ${String(given)}`,
    );
  }
  if (given.length > 0 && options.version === undefined) {
    throw new TypeError(`${where}: option "compatibleVersions" needs the option "version"`);
  }
  const versions = given.map((v, i) => assertVersion(where, `compatibleVersions[${i}]`, v) ?? "");
  return [...new Set(versions)].filter((v) => v !== options.version);
}

// One BullMQ worker, on the BullMQ queue of the runs of `options.version`.
function startWorker(
  name: string,
  options: WorkflowWorkerOptions<WorkflowDeps, unknown, unknown>,
): WorkflowWorker {
  const resolved = resolveWorkerOptions(name, options);
  const { redis } = resolved;
  // Connection errors (of the worker's client, BullMQ's connections, the cancel subscription) are
  // reported once per outage; the clients reconnect on their own and the worker resumes.
  const availability = watchAvailability(redis, "createWorkflowWorker", resolved.onError);
  const onError = availability.onError;
  const active = createActiveRuns();
  const cancels = createCancelListener(
    redis,
    resolved.keys.cancelChannel,
    resolved.keys.record,
    active,
    onError,
  );
  const outcomes = createOutcomeStore(resolved);
  const parents = createQueueCache(redis);
  const fair = createFairDispatcher(redis, parents, resolved.prefix, name);
  const processor = createRunProcessor(resolved, active, cancels, outcomes, fair);
  const worker = new Worker<RunJobData>(bullNameOf(name, resolved.version), processor, {
    connection: redis,
    prefix: resolved.prefix,
    concurrency: resolved.concurrency,
    lockDuration: resolved.lockDuration,
    stalledInterval: resolved.stalledInterval,
    maxStalledCount: resolved.maxStalledCount,
  });
  worker.on("error", onError);
  // A child run that ends (or fails an attempt: a spurious wake only costs the parent a re-check)
  // wakes its parent; a run that ended for good frees its key's slot.
  const ended = (job: Job<RunJobData> | undefined): void => {
    const parent = job?.data.parent;
    if (parent !== undefined) notifyParent(redis, parents, parent, resolved.runTtl).catch(onError);
    const key = job?.data.concurrencyKey;
    if (key !== undefined && job?.finishedOn !== undefined) {
      fair.release(job.id ?? "", key).catch(onError);
    }
  };
  // Slots whose dispatcher died before adding the job come back after a grace period; debounced
  // runs whose callers died before adding the job get it once due.
  const sweepOnce = (): void => {
    fair.dispatch().catch(onError);
    sweepDebounced(redis, parents, resolved.prefix, name).catch(onError);
  };
  sweepOnce();
  const sweep = setInterval(sweepOnce, SWEEP_MS);
  (sweep as { unref?: () => void }).unref?.();
  worker.on("completed", ended);
  worker.on("failed", (job) => {
    if (job !== undefined) outcomes.failed(job);
    ended(job);
  });
  const stopProgress = resolved.progress
    ? startProgressTicker(active.runs, resolved.progressIntervalMs, onError)
    : () => {};
  worker.on("lockRenewalFailed", (jobIds) => {
    for (const jobId of jobIds) active.stop(runIdOf(jobId), "lock-lost");
  });

  const shutDown = async (timeoutMs: number): Promise<void> => {
    // Closing first: a run handed back must not be taken again by this worker.
    const closed = worker.close();
    for (const run of active.runs()) run.halt("handoff");
    if (!(await settlesWithin(closed, timeoutMs))) {
      // Steps that did not end in time: their runs go back to the queue now, from where they
      // are; a run whose hand-back cannot finish is left to BullMQ's stalled-job check.
      for (const run of active.runs()) run.abandon();
      if (!(await settlesWithin(closed, HANDBACK_MS))) await worker.close(true);
    }
    stopProgress();
    await cancels.close();
    availability.close();
    clearInterval(sweep);
    await parents.close();
  };
  let closing: Promise<void> | undefined;
  return {
    bullWorker: worker,
    waitUntilReady: () => worker.waitUntilReady(),
    close(closeOptions) {
      if (closing === undefined) {
        const timeoutMs = timerMs(
          "WorkflowWorker.close",
          "timeoutMs",
          closeOptions?.timeoutMs ?? DEFAULT_WORKFLOW_WORKER_OPTIONS.closeTimeoutMs,
        );
        closing = shutDown(timeoutMs);
      }
      return closing;
    },
  };
}
