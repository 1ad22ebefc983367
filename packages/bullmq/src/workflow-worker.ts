import {
  createWorkflow,
  err,
  hasType,
  isUnexpectedError,
  ok,
  toMillis,
  type AnyResultFn,
  type DurationType,
  type ErrorsOfDeps,
  type Result,
  type RunStep,
  type WorkflowEvent,
  type WorkflowOptions,
} from "@awaitly/core";
import { isLockLostError } from "@awaitly/persistence";
import { DelayedError, WaitingError, Worker, type Job } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { JobLockFence, RunCheckpointer } from "./checkpointer";
import { RunCancelledError, SignalPayloadError } from "./errors";
import { decodeValue, encodeResult } from "./internal/codec";
import { guardStep } from "./internal/guard-step";
import { hashTag, jobIdOf, queueKeys, runIdOf } from "./internal/keys";
import {
  assertClusterTag,
  assertQueueName,
  assertRedis,
  duplicate,
  isCluster,
  nonNegativeInt,
  positiveInt,
} from "./internal/options";
import {
  COPY_OUTCOMES,
  DROP_FIELD_IF,
  FENCED_OUTCOME,
  TOUCH_RECORD,
  runScript,
} from "./internal/scripts";
import { assertSchema, validate } from "./internal/validate";
import type { InferSchemaOutput, StandardSchemaV1 } from "./standard-schema";
import type { RunJobData } from "./workflow-queue";

/** What a run's workflow gets besides `step`, `deps` and its input. */
export interface RunContext {
  /** The run id (the one given to `enqueue`). */
  readonly runId: string;
  /** Aborted when the run is cancelled (from any process); pass it to the step's I/O. */
  readonly signal: AbortSignal;
  /** 1 on the first start, then +1 per retry, stall recovery or hand-over. */
  readonly attempt: number;
  /** `runId:stepKey`: the same on every retry, resume and worker; pass it to payment APIs and the like. */
  idempotencyKey(stepKey: string): string;
  /**
   * Waits for `queue.signal(runId, name, payload)` without holding a worker slot: the run is parked
   * as a delayed job and resumes when the signal arrives (or at `until`, a ms timestamp).
   * Checkpointed, so a resumed run does not wait again. With a `schema` (a Standard Schema
   * validator) the payload is typed by it and validated on arrival: an invalid payload is dropped
   * and reported to `onError` as a `SignalPayloadError`, and the run waits on. Pass the same
   * schema to `queue.signal` to refuse it at the sender instead.
   */
  waitForSignal<
    TPayload = unknown,
    TSchema extends StandardSchemaV1<unknown, unknown> | undefined = undefined,
  >(
    name: string,
    options?: { until?: number | undefined; schema?: TSchema },
  ): Promise<
    | {
        received: true;
        payload: TSchema extends StandardSchemaV1<unknown, unknown>
          ? InferSchemaOutput<TSchema>
          : TPayload;
      }
    | { received: false }
  >;
  /** Durable sleep: parks the run (no slot held) until `duration` (ms or a core `Duration`) after this step was first reached. */
  sleep(key: string, duration: number | DurationType): Promise<void>;
}

/** Options for `createWorkflowWorker`. */
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
    ctx: RunContext,
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
  /** Business errors (`err` results) worth a retry; others finish the run. Defaults to none. */
  retryOn?: ((error: ErrorsOfDeps<Deps>) => boolean) | undefined;
  /** Report `{ stepsDone, step }` with `job.updateProgress` after each checkpoint. Defaults to `true`. */
  progress?: boolean | undefined;
  /**
   * A run whose workflow ends with `@awaitly/hitl`'s `PendingApproval` is parked (no slot held)
   * until `queue.resume(runId)`, or re-checks its approval after this many ms. Defaults to `60000`.
   */
  approvalRecheckMs?: number | undefined;
  /** Least time between two progress writes of one run, in ms. Defaults to `250`. */
  progressIntervalMs?: number | undefined;
  /** Workflow events of every run on this worker. Defaults to none. */
  onEvent?: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined;
  /** Worker errors (Redis trouble, a lost lock); BullMQ retries on its own. Defaults to ignoring them. */
  onError?: ((error: Error) => void) | undefined;
}

/** The defaults `createWorkflowWorker` applies. */
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
} as const;

/** A running worker. */
export interface WorkflowWorker {
  /** Stops taking runs, lets running steps end, and hands unfinished runs back to the queue. */
  close(): Promise<void>;
  /** Resolves once the worker is connected and taking runs. */
  waitUntilReady(): Promise<void>;
  /** The underlying BullMQ worker. */
  readonly bullWorker: Worker;
}

// What the shared workflow needs of one run.
type RunHooks = {
  readonly runId: string;
  afterStep(stepKey: string, result: Result<unknown, unknown, unknown>): Promise<void> | undefined;
  invalidated(stepKey: string): Promise<void>;
};

type StopReason = "cancelled" | "lock-lost" | "handoff";

type ActiveRun = {
  controller: AbortController;
  stop: StopReason | undefined;
};

class StopRun extends Error {
  override readonly name = "StopRun";
}

class ParkRun extends Error {
  override readonly name = "ParkRun";
  constructor(readonly until: number) {
    super("parked");
  }
}

const FAR_FUTURE_MS = 10 * 365 * 24 * 3600 * 1000;
// Outcome copies into run records: at most this many per script, at most this late.
const COPY_BATCH = 100;
const COPY_DELAY_MS = 50;

/**
 * Creates a worker that runs a workflow for each run of a queue, checkpointing keyed steps so a
 * crashed, retried or handed-over run resumes at its first unfinished step.
 * @example
 * const worker = createWorkflowWorker<OrderInput, typeof deps, Receipt>("orders", {
 *   connection, checkpointer: createRedisCheckpointer(new Redis()), deps,
 *   workflow: async (step, deps, input, ctx) =>
 *     step(() => deps.charge(input.amount, ctx.idempotencyKey("charge")), { key: "charge" }),
 * });
 */
export function createWorkflowWorker<
  TInput,
  const Deps extends Readonly<Record<string, AnyResultFn>>,
  TValue,
>(name: string, options: WorkflowWorkerOptions<Deps, TInput, TValue>): WorkflowWorker {
  const where = "createWorkflowWorker";
  assertQueueName(where, name);
  assertRedis(where, options.connection);
  const d = DEFAULT_WORKFLOW_WORKER_OPTIONS;
  const redis = options.connection;
  const prefix = options.prefix ?? d.prefix;
  assertClusterTag(where, redis, prefix, name);
  const concurrency = positiveInt(where, "concurrency", options.concurrency ?? d.concurrency);
  const lockDuration = positiveInt(
    where,
    "lockDurationMs",
    options.lockDurationMs ?? d.lockDurationMs,
  );
  const stalledInterval = positiveInt(
    where,
    "stalledIntervalMs",
    options.stalledIntervalMs ?? d.stalledIntervalMs,
  );
  const maxStalledCount = positiveInt(
    where,
    "maxStalledCount",
    options.maxStalledCount ?? d.maxStalledCount,
  );
  const runTtl = nonNegativeInt(where, "runTtlSeconds", options.runTtlSeconds ?? d.runTtlSeconds);
  const progress = options.progress ?? d.progress;
  const approvalRecheckMs = positiveInt(
    where,
    "approvalRecheckMs",
    options.approvalRecheckMs ?? d.approvalRecheckMs,
  );
  const progressIntervalMs = positiveInt(
    where,
    "progressIntervalMs",
    options.progressIntervalMs ?? d.progressIntervalMs,
  );
  const { checkpointer, deps, workflow, retryOn, onEvent } = options;
  if (typeof checkpointer?.forRun !== "function" || typeof checkpointer.delete !== "function") {
    throw new TypeError(`${where}: option "checkpointer" must have forRun() and delete()`);
  }
  if (typeof workflow !== "function") {
    throw new TypeError(`${where}: option "workflow" must be a function, got ${typeof workflow}`);
  }
  const onError = options.onError ?? (() => {});
  const keys = queueKeys(prefix, name);
  // The queue's hash tag leads each checkpoint id (unless the queue name carries it already), so
  // a checkpoint key lands in the job lock's slot on Redis Cluster and the fenced write is legal.
  const tag = hashTag(`${prefix}:${name}`);
  const lead = tag === undefined || hashTag(name) === tag ? "" : `{${tag}}:`;
  const checkpointId = (runId: string): string => `${lead}${name}:${runId}`;
  if (isCluster(redis) && typeof checkpointer.keyOf === "function") {
    const checkpointKey = checkpointer.keyOf(checkpointId("run-1"));
    const lockKey = keys.lock(jobIdOf("run-1"));
    if (hashTag(checkpointKey) !== tag) {
      throw new TypeError(
        `${where}: on Redis Cluster the checkpointer's keys must share the job lock's hash tag ` +
          `"{${String(tag)}}" (fenced writes touch both in one script), but a run's checkpoint key ` +
          `is "${checkpointKey}" and its lock key "${lockKey}"; drop the "{…}" from the ` +
          `checkpointer's prefix: the worker adds the queue's tag itself`,
      );
    }
  }
  const active = new Map<string, ActiveRun>();
  // Cancels that arrive just before a run starts here: checked when it does. Bounded by age.
  const recentCancels = new Map<string, number>();
  let closing = false;

  const stopRun = (runId: string, reason: StopReason): void => {
    const run = active.get(runId);
    if (run === undefined) return;
    run.stop ??= reason;
    if (reason !== "handoff")
      run.controller.abort(
        reason === "cancelled" ? new RunCancelledError(runId) : new StopRun(reason),
      );
  };

  const subscriber = duplicate(redis);
  subscriber.on("error", onError);
  void subscriber.subscribe(keys.cancelChannel).catch(onError);
  subscriber.on("message", (_channel: string, runId: string) => {
    const now = Date.now();
    for (const [id, at] of recentCancels) if (now - at > 60_000) recentCancels.delete(id);
    recentCancels.set(runId, now);
    stopRun(runId, "cancelled");
  });

  const writeOutcome = async (
    runId: string,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): Promise<boolean> => {
    const written = await runScript(
      redis,
      FENCED_OUTCOME,
      [keys.record(runId), lockKey],
      [token, encodeResult(result), runTtl],
    );
    if (Number(written) !== 1) return false;
    // Only once the outcome is stored: a worker that dies before completing the job leaves a run
    // whose next attempt finds the outcome instead of an empty checkpoint list.
    dropCheckpoints(runId);
    return true;
  };

  // Checkpoints that expire no later than the run's record and job are left to expire (no write
  // per run); those of a checkpointer without a TTL, or with a longer one, are deleted once the
  // outcome is durable, so a run id reused after its record expired never finds stale steps.
  const checkpointTtl = checkpointer.ttl ?? 0;
  const checkpointsExpire = checkpointTtl > 0 && (runTtl === 0 || checkpointTtl <= runTtl);
  const dropCheckpoints = (runId: string): void => {
    if (!checkpointsExpire) checkpointer.delete(checkpointId(runId)).catch(onError);
  };

  // BullMQ stores a processor's return value atomically with the completion, which its lock token
  // fences: the outcome travels that way when the job is kept at least as long as a run record.
  // Jobs removed sooner (and scheduler ticks, which have no enqueued record) get the outcome
  // written to the run record first, as a fenced write.
  const jobKeepsOutcome = (job: Job<RunJobData>): boolean => {
    if (!(job.id ?? "").startsWith("r_")) return false;
    const keep = job.opts.removeOnComplete;
    if (keep === undefined || keep === false) return true;
    if (keep === true || typeof keep === "number") return false;
    const { age, count } = keep as { age?: number; count?: number };
    return count === undefined && age !== undefined && runTtl > 0 && age >= runTtl;
  };

  // A parked run's record (its signals, sleep deadlines, dedupe entry) must outlive the park.
  const keepRecord = (record: string, parkMs: number): Promise<unknown> =>
    runScript(redis, TOUCH_RECORD, [record], [runTtl > 0 ? runTtl + Math.ceil(parkMs / 1000) : 0]);

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

  // The processor's return value for a finished run: the encoded outcome (also written to the
  // run record first when the job will not keep it).
  const settle = async (
    job: Job<RunJobData>,
    runId: string,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): Promise<unknown> => {
    const text = encodeResult(result);
    if (jobKeepsOutcome(job)) completedWith.set(job, text);
    else if (!(await writeOutcome(runId, lockKey, token, result))) throw new WaitingError();
    return JSON.parse(text) as unknown;
  };

  // After a completion the outcome is also copied into the run record, so it outlives a job that a
  // user removes early: batched, one script per batch (`result()` copies it too when it reads it).
  const completedWith = new WeakMap<Job<RunJobData>, string>();
  let copies: string[] = [];
  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  const flushCopies = (): Promise<unknown> => {
    clearTimeout(copyTimer);
    copyTimer = undefined;
    if (copies.length === 0) return Promise.resolve();
    const batch = copies;
    copies = [];
    const records = batch.filter((_, i) => i % 2 === 0);
    const outcomes = batch.filter((_, i) => i % 2 === 1);
    return runScript(redis, COPY_OUTCOMES, records, [runTtl, ...outcomes]).catch(onError);
  };
  const copyOutcome = (runId: string, text: string): void => {
    copies.push(keys.record(runId), text);
    if (copies.length >= 2 * COPY_BATCH) void flushCopies();
    else copyTimer ??= setTimeout(() => void flushCopies(), COPY_DELAY_MS);
  };

  const processRun = async (job: Job<RunJobData>, token: string | undefined): Promise<unknown> => {
    const jobId = job.id ?? "";
    const runId = runIdOf(jobId);
    if (token === undefined) throw new Error(`${where}: BullMQ gave job ${jobId} no lock token`);
    const lockKey = keys.lock(jobId);
    const run: ActiveRun = { controller: new AbortController(), stop: undefined };
    let stopProgress = (): void => {};
    active.set(runId, run);
    if (recentCancels.has(runId)) run.stop = "cancelled";
    try {
      const fence: JobLockFence = {
        key: runId,
        redisKey: lockKey,
        token,
        get lost() {
          return run.stop === "lock-lost";
        },
        signal: run.controller.signal,
        assertHeld() {
          if (run.stop === "lock-lost") throw new StopRun("lock-lost");
        },
        release: () => Promise.resolve(false),
      };
      const hooks = checkpointer.forRun(checkpointId(runId), { fence });
      let stepsDone = 0;
      let parkUntil: number | undefined;
      const record = keys.record(runId);

      // Progress is written at most every `progressIntervalMs` per run (trailing): a run whose
      // steps are quick pays no extra round trip, a slow step shows where the run is.
      let latest: { stepsDone: number; step: string } | undefined;
      let progressTimer: ReturnType<typeof setTimeout> | undefined;
      const report = (update: { stepsDone: number; step: string }): void => {
        latest = update;
        progressTimer ??= setTimeout(() => {
          progressTimer = undefined;
          if (latest !== undefined && run.stop === undefined) {
            job.updateProgress(latest).catch(onError);
          }
        }, progressIntervalMs);
      };
      stopProgress = () => clearTimeout(progressTimer);

      const check = (): void => {
        if (run.stop !== undefined) throw new StopRun(run.stop);
      };

      if (job.attemptsStarted > 1) {
        // A previous attempt may have stored the outcome and died before completing the job.
        const stored = await redis.hget(record, "o");
        if (stored !== null) return JSON.parse(stored) as unknown;
      }

      const runHooks: RunHooks = {
        runId,
        afterStep: (stepKey, result) => {
          if (!result.ok) return undefined;
          return hooks.onAfterStep(stepKey, result).then(
            () => {
              stepsDone += 1;
              if (progress) report({ stepsDone, step: stepKey });
            },
            (error: unknown) => {
              if (isLockLostError(error)) run.stop ??= "lock-lost";
              throw error;
            },
          );
        },
        invalidated: async (stepKey) => {
          try {
            await hooks.onStepInvalidated?.(stepKey);
          } catch (error) {
            if (isLockLostError(error)) run.stop ??= "lock-lost";
            throw error;
          }
        },
      };
      // The first start has nothing to resume: skipping the load saves a round trip per run, and
      // the workflow built once serves it. A resumed run loads its checkpoints first.
      const wf =
        job.attemptsStarted > 1
          ? createWorkflow<Deps, RunHooks>(deps, {
              ...workflowHooks,
              resumeState: hooks.resumeState,
            })
          : firstStarts;

      let parkKeepMs = 0;
      let parkSignal: string | undefined;
      const park = (until: number, keepMs = until - Date.now()): never => {
        parkUntil = until;
        parkKeepMs = keepMs;
        throw new ParkRun(until);
      };

      const ctx: RunContext = {
        runId,
        signal: run.controller.signal,
        attempt: job.attemptsStarted,
        idempotencyKey: (stepKey) => `${runId}:${stepKey}`,
        waitForSignal: <TPayload>(
          signalName: string,
          waitOptions?: {
            until?: number | undefined;
            schema?: StandardSchemaV1<unknown, unknown> | undefined;
          },
        ) => {
          const schema = waitOptions?.schema;
          if (schema !== undefined) assertSchema("run.waitForSignal", schema);
          const field = `s:${signalName}`;
          return guarded<{ received: true; payload: TPayload } | { received: false }, never>(
            async () => {
              const [payload] = await redis.hmget(record, field);
              if (payload !== null && payload !== undefined) {
                const value = decodeValue(payload);
                if (schema === undefined) return ok({ received: true, payload: value as TPayload });
                const checked = await validate("run.waitForSignal", schema, value);
                if (checked.issues === undefined) {
                  return ok({ received: true, payload: checked.value as TPayload });
                }
                // Refused: dropped (unless a newer payload replaced it) and reported; waits on.
                await runScript(redis, DROP_FIELD_IF, [record], [field, payload]);
                onError(new SignalPayloadError(runId, signalName, checked.issues));
              }
              const until = waitOptions?.until ?? Date.now() + FAR_FUTURE_MS;
              if (Date.now() >= until) return ok({ received: false });
              parkSignal = field;
              // Without a deadline the record is kept `runTtl` per park, not ten years.
              return park(until, waitOptions?.until === undefined ? 0 : until - Date.now());
            },
            { key: `awaitly:signal:${signalName}` },
          );
        },
        sleep: async (key, duration) => {
          const ms = typeof duration === "number" ? duration : toMillis(duration);
          if (!Number.isFinite(ms) || ms < 0) {
            throw new RangeError(
              `run.sleep("${key}"): the duration must be finite and ≥ 0, got ${String(ms)} ms`,
            );
          }
          await guarded(
            async () => {
              const field = `t:${key}`;
              await redis.hsetnx(record, field, String(Date.now() + ms));
              const wakeAt = Number(await redis.hget(record, field));
              return Date.now() >= wakeAt ? ok(undefined) : park(wakeAt);
            },
            { key: `awaitly:sleep:${key}` },
          );
        },
      };

      let guarded!: RunStep<ErrorsOfDeps<Deps>>;
      // The run's signal also reaches core: a cancelled run stops its running step and retry waits.
      // `createContext` hands this run's hooks to the workflow synchronously, inside this call.
      starting = runHooks;
      const running = wf(
        job.data.input as TInput,
        (step, d, input) => {
          guarded = guardStep(step, check);
          return workflow(guarded, d, input, ctx);
        },
        { signal: run.controller.signal },
      );
      starting = undefined;
      const result = await running;

      if (parkUntil !== undefined && run.stop === undefined) {
        await job.moveToDelayed(parkUntil, token);
        await keepRecord(record, parkKeepMs);
        // A signal sent while this run was still active could not promote it: look again (for
        // the awaited signal only; signals received earlier stay in the record).
        if (parkSignal !== undefined && (await redis.hexists(record, parkSignal)) === 1) {
          await job.promote().catch(() => {});
        }
        throw new DelayedError();
      }
      if (!result.ok && hasType(result.error, "PENDING_APPROVAL") && run.stop === undefined) {
        // Waiting for a person: park without a slot. `queue.resume` promotes the job; a resume
        // that came while this run was still active left its flag, consumed here.
        await job.moveToDelayed(Date.now() + approvalRecheckMs, token);
        await keepRecord(record, approvalRecheckMs);
        if ((await redis.hdel(record, "r")) > 0) await job.promote().catch(() => {});
        throw new DelayedError();
      }
      switch (run.stop) {
        case "lock-lost":
          // Another worker owns the run now (or the stalled check will hand it on): walk away.
          throw new WaitingError();
        case "handoff":
          await job.moveToWait(token);
          throw new WaitingError();
        case "cancelled":
          return settle(job, runId, lockKey, token, err(new RunCancelledError(runId)));
        default:
      }
      const retryable =
        !result.ok &&
        (isUnexpectedError(result.error) || (retryOn?.(result.error as never) ?? false));
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (retryable && !lastAttempt) {
        throw asError(result.error);
      }
      if (retryable) {
        // Failed for good: a failed job has no return value, so the record keeps the outcome.
        if (!(await writeOutcome(runId, lockKey, token, result))) throw new WaitingError();
        throw asError(result.error);
      }
      return settle(job, runId, lockKey, token, result);
    } finally {
      stopProgress();
      active.delete(runId);
    }
  };

  const worker = new Worker<RunJobData>(name, processRun, {
    connection: redis,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval,
    maxStalledCount,
  });
  worker.on("error", onError);
  // The completion stored the outcome: checkpoints that do not expire can go now.
  worker.on("completed", (job) => {
    const text = completedWith.get(job);
    if (text === undefined) return;
    const runId = runIdOf(job.id ?? "");
    copyOutcome(runId, text);
    dropCheckpoints(runId);
  });
  worker.on("lockRenewalFailed", (jobIds) => {
    for (const jobId of jobIds) stopRun(runIdOf(jobId), "lock-lost");
  });

  return {
    bullWorker: worker,
    waitUntilReady: () => worker.waitUntilReady(),
    async close() {
      if (closing) return;
      closing = true;
      for (const runId of active.keys()) stopRun(runId, "handoff");
      await worker.close();
      await flushCopies();
      await subscriber.quit().catch(() => {});
    },
  };
}

function asError(error: unknown): Error {
  const cause = isUnexpectedError(error)
    ? ((error.cause as { thrown?: unknown }).thrown ?? error.cause)
    : error;
  if (cause instanceof Error) return cause;
  return new Error(`Workflow run failed: ${JSON.stringify(error)}`, { cause: error });
}
