import { err, ok, type AsyncResult, type Result, type UnexpectedError } from "@awaitly/core";
import { Queue, QueueEvents, type JobsOptions } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import {
  RunCancelledError,
  RunConflictError,
  RunNotFoundError,
  RunTimeoutError,
  SignalPayloadError,
  type RunError,
} from "./errors";
import { decodeResult, encodeResult, encodeValue } from "./internal/codec";
import { inputHash } from "./internal/input-hash";
import { validate } from "./internal/validate";
import type { StandardSchemaV1 } from "./standard-schema";
import { jobIdOf, queueKeys, runIdOf } from "./internal/keys";
import {
  assertClusterTag,
  assertQueueName,
  assertRedis,
  duplicate,
  nonNegativeInt,
  positiveInt,
  type RedisClient,
} from "./internal/options";
import { CLAIM_RUN, READ_RUN, TOUCH_RECORD, runScript } from "./internal/scripts";

/** Options shared by `createWorkflowQueue` and `createWorkflowWorker`. */
export interface WorkflowQueueOptions {
  /**
   * An ioredis client, or an ioredis `Cluster` for Redis Cluster; BullMQ needs
   * `maxRetriesPerRequest: null` on it.
   */
  connection: Redis | Cluster;
  /**
   * BullMQ key prefix. On Redis Cluster it (or the queue name) must contain a `{…}` hash tag, such
   * as `"{awaitly}"`, so that every key of the queue lands in one slot. Defaults to `"bull"`.
   */
  prefix?: string | undefined;
  /** Attempts per run before a thrown error fails it; each attempt resumes at the last checkpoint. Defaults to `5`. */
  attempts?: number | undefined;
  /** Delay before the first retry in ms, doubling each time. Defaults to `1000`. */
  backoffMs?: number | undefined;
  /**
   * Seconds a run's record (outcome, dedupe entry) is kept after the run ends; a run whose job never
   * reaches an outcome (removed, obliterated) loses it this long after its enqueue or its last
   * park. Completed jobs, which carry the outcome as their return value, are kept as long. `0`
   * keeps records and completed jobs forever. Defaults to `604800` (7 days).
   */
  runTtlSeconds?: number | undefined;
}

/** The defaults `createWorkflowQueue` applies. */
export const DEFAULT_WORKFLOW_QUEUE_OPTIONS = {
  prefix: "bull",
  attempts: 5,
  backoffMs: 1000,
  runTtlSeconds: 7 * 24 * 3600,
} as const;

/** Options of one `enqueue`. */
export interface EnqueueOptions {
  /** Identifies the run: enqueuing the same id again starts nothing. Defaults to a random UUID. */
  runId?: string | undefined;
  /** Milliseconds to wait before the run may start. Defaults to `0`. */
  delay?: number | undefined;
  /** BullMQ priority (1 is highest; 0 means none). Defaults to `0`. */
  priority?: number | undefined;
}

/** What `enqueue` reports. */
export interface Enqueued {
  runId: string;
  /** True when a run with this id and input already existed (running or finished). */
  deduplicated: boolean;
}

/** When a schedule fires: a cron `pattern` (with `tz`) or every `every` ms. */
export type ScheduleSpec = { pattern: string; tz?: string | undefined } | { every: number };

/** The producer side: starts runs, waits for their results, cancels and schedules them. */
export interface WorkflowQueue<TInput, TValue, TError> {
  readonly name: string;
  /** Starts a run unless one with the same run id exists; a different input is a `RunConflictError`. */
  enqueue(input: TInput, options?: EnqueueOptions): AsyncResult<Enqueued, RunConflictError>;
  /** The run's own Result once it finishes (read from its record if it already has). */
  result(
    runId: string,
    options?: { timeoutMs?: number | undefined },
  ): AsyncResult<TValue, TError | UnexpectedError | RunError>;
  /** Cancels a run from any process; resolves whether a run that had not finished was found. */
  cancel(runId: string): Promise<boolean>;
  /**
   * Delivers a named signal (with a payload) to a run waiting for it, from any process. Given the
   * signal's `schema` (a Standard Schema validator), an invalid payload is refused here with a
   * `SignalPayloadError` and nothing is sent.
   */
  signal<TPayload = unknown>(
    runId: string,
    name: string,
    payload?: NoInfer<TPayload>,
    options?: { schema?: StandardSchemaV1<TPayload, unknown> | undefined },
  ): AsyncResult<void, SignalPayloadError>;
  /** Wakes a run parked on a pending approval, after the approval was decided in its store. */
  resume(runId: string): Promise<void>;
  /** Creates or updates a schedule; each tick is its own run. */
  schedule(scheduleId: string, when: ScheduleSpec, input: TInput): Promise<void>;
  /** Removes a schedule; resolves whether it existed. */
  unschedule(scheduleId: string): Promise<boolean>;
  /** The underlying BullMQ queue (for dashboards such as bull-board). */
  readonly bullQueue: Queue;
  /** Closes the queue and its event listener; the connection stays open. */
  close(): Promise<void>;
}

const SWEEP_MS = 5000;

/** @internal Job data of a run. */
export type RunJobData = { input: unknown };

/**
 * Creates the producer side of a workflow queue on BullMQ.
 * @example
 * const orders = createWorkflowQueue<OrderInput, Receipt, OrderError>("orders", { connection });
 * const enqueued = await orders.enqueue({ orderId: 42 }, { runId: "order-42" });
 * const receipt = await orders.result("order-42", { timeoutMs: 30_000 });
 */
export function createWorkflowQueue<TInput, TValue, TError>(
  name: string,
  options: WorkflowQueueOptions,
): WorkflowQueue<TInput, TValue, TError> {
  const where = "createWorkflowQueue";
  assertQueueName(where, name);
  assertRedis(where, options.connection);
  const redis = options.connection;
  const prefix = options.prefix ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.prefix;
  assertClusterTag(where, redis, prefix, name);
  const attempts = positiveInt(
    where,
    "attempts",
    options.attempts ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.attempts,
  );
  const backoffMs = nonNegativeInt(
    where,
    "backoffMs",
    options.backoffMs ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.backoffMs,
  );
  const runTtl = nonNegativeInt(
    where,
    "runTtlSeconds",
    options.runTtlSeconds ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.runTtlSeconds,
  );
  const keys = queueKeys(prefix, name);
  // A completed job carries the run's outcome (its return value, stored atomically with the
  // completion), so it is kept as long as a run record: `result()` and dedupe read it there.
  const jobOptions: JobsOptions = {
    attempts,
    backoff: { type: "exponential", delay: backoffMs },
    removeOnComplete: runTtl > 0 ? { age: runTtl } : false,
    removeOnFail: { age: runTtl || 7 * 24 * 3600 },
  };
  const queue = new Queue<RunJobData>(name, { connection: redis, prefix });
  let events: QueueEvents | undefined;
  let eventsConnection: RedisClient | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const addJob = (runId: string, input: unknown, opts: EnqueueOptions) =>
    queue.add(
      "run",
      { input },
      {
        ...jobOptions,
        jobId: jobIdOf(runId),
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
    );

  // The run's record and job in one round trip: its input hash, its outcome if it has one (from
  // the record, or the return value its job completed with), and whether its job exists.
  const readRun = async (
    runId: string,
  ): Promise<{ hash: string | null; outcome: string | null; job: boolean }> => {
    const [hash, outcome, job] = (await runScript(
      redis,
      READ_RUN,
      [keys.record(runId), keys.job(jobIdOf(runId))],
      [runTtl],
    )) as [string | null, string | null, number];
    return { hash, outcome, job: job === 1 };
  };

  const readOutcome = async (
    runId: string,
  ): Promise<{ known: boolean; outcome?: string | undefined }> => {
    const run = await readRun(runId);
    if (run.outcome !== null) return { known: true, outcome: run.outcome };
    if (run.hash !== null || run.job) return { known: true };
    // Scheduler ticks have no record until they finish; their job tells they exist.
    return { known: (await queue.getJob(runId)) !== undefined };
  };

  // One set of event listeners per queue; each waiting `result()` registers by run id, which an
  // event's job id maps back to for enqueued runs and scheduler ticks alike.
  const waiters = new Map<string, Set<() => void>>();
  const onEvent = (args: { jobId: string }): void => {
    for (const check of waiters.get(runIdOf(args.jobId)) ?? []) check();
  };
  // Started at "now" the listener would miss runs finishing before its first read: it starts a
  // little in the past (Redis clock), and a slow sweep re-reads every waiting run as a backstop.
  const listen = async (): Promise<QueueEvents> => {
    if (events !== undefined) return events;
    const [seconds] = await redis.time();
    if (events !== undefined) return events;
    eventsConnection = duplicate(redis);
    events = new QueueEvents(name, {
      connection: eventsConnection,
      prefix,
      lastEventId: `${String((Number(seconds) - 5) * 1000)}-0`,
    });
    events.on("completed", onEvent);
    events.on("failed", onEvent);
    events.on("removed", onEvent);
    sweeper = setInterval(() => {
      for (const checks of waiters.values()) for (const check of checks) check();
    }, SWEEP_MS);
    (sweeper as { unref?: () => void }).unref?.();
    return events;
  };

  const waitForOutcome = (runId: string, timeoutMs: number): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      let done = false;
      const finish = (value: string | undefined, error?: unknown): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const set = waiters.get(runId);
        set?.delete(check);
        if (set?.size === 0) waiters.delete(runId);
        if (error !== undefined) reject(error);
        else resolve(value);
      };
      const check = (): void => {
        readRun(runId).then(
          ({ outcome }) => {
            if (outcome !== null) finish(outcome);
          },
          (error: unknown) => finish(undefined, error),
        );
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      let set = waiters.get(runId);
      if (set === undefined) waiters.set(runId, (set = new Set()));
      set.add(check);
      listen()
        .then((listener) => listener.waitUntilReady())
        .then(check, (error: unknown) => finish(undefined, error));
    });

  return {
    name,
    bullQueue: queue,

    async enqueue(input, enqueueOptions = {}) {
      const runId = enqueueOptions.runId ?? crypto.randomUUID();
      if (typeof runId !== "string" || runId === "") {
        throw new TypeError(
          `WorkflowQueue.enqueue: runId must be a non-empty string, got ${String(runId)}`,
        );
      }
      // A delayed run's record must outlive its wait: the TTL counts from its start.
      const ttl = runTtl > 0 ? runTtl + Math.ceil((enqueueOptions.delay ?? 0) / 1000) : 0;
      const hash = inputHash(input);
      const claimKeys = [keys.record(runId), keys.job(jobIdOf(runId))];
      let claim = Number(await runScript(redis, CLAIM_RUN, claimKeys, [hash, ttl]));
      if (claim === 3) {
        // The record expired before the job that carries the outcome: compare with the job's input.
        const job = await queue.getJob(jobIdOf(runId));
        if (job === undefined)
          claim = Number(await runScript(redis, CLAIM_RUN, claimKeys, [hash, ttl]));
        else claim = inputHash(job.data.input) === hash ? 1 : 2;
      }
      if (claim === 2) return err(new RunConflictError(runId));
      if (claim === 1 || claim === 3) {
        // Re-adding is a no-op while the job exists; it restarts a run whose first enqueue died
        // between writing the record and adding the job.
        const run = await readRun(runId);
        if (run.outcome === null && !run.job) await addJob(runId, input, enqueueOptions);
        return ok({ runId, deduplicated: true });
      }
      await addJob(runId, input, enqueueOptions);
      return ok({ runId, deduplicated: false });
    },

    async result(runId, resultOptions = {}) {
      const timeoutMs = resultOptions.timeoutMs ?? 30_000;
      const found = await readOutcome(runId);
      if (!found.known) return err(new RunNotFoundError(runId));
      const outcome = found.outcome ?? (await waitForOutcome(runId, timeoutMs));
      if (outcome === undefined) return err(new RunTimeoutError(runId, timeoutMs));
      return decodeResult(outcome) as Result<TValue, TError | UnexpectedError | RunError>;
    },

    async cancel(runId) {
      const record = keys.record(runId);
      const run = await readRun(runId);
      if (run.outcome !== null) return false;
      const job = await queue.getJob(jobIdOf(runId));
      if (job === undefined && run.hash === null) return false;
      // Finished between the two reads: a completed job must not be removed.
      if (job?.finishedOn !== undefined) return false;
      await redis.hset(record, "x", "1");
      try {
        // Only waiting and delayed jobs can be removed; an active one is locked by its worker.
        if (job !== undefined) await job.remove();
        await redis
          .multi()
          .hset(record, "o", encodeResult(err(new RunCancelledError(runId))))
          .expire(record, runTtl || 7 * 24 * 3600)
          .exec();
      } catch {
        await redis.publish(keys.cancelChannel, runId);
      }
      return true;
    },

    async signal(runId, signalName, payload, signalOptions = {}) {
      if (signalOptions.schema !== undefined) {
        const checked = await validate("WorkflowQueue.signal", signalOptions.schema, payload);
        if (checked.issues !== undefined) {
          return err(new SignalPayloadError(runId, signalName, checked.issues));
        }
      }
      // The payload as given, not the schema's output: the waiting run validates it again.
      await runScript(
        redis,
        TOUCH_RECORD,
        [keys.record(runId)],
        [runTtl, `s:${signalName}`, encodeValue(payload)],
      );
      const job = await queue.getJob(jobIdOf(runId));
      // A parked run is a delayed job: promote it. An active one re-reads signals before parking.
      if (job !== undefined && (await job.isDelayed())) await job.promote().catch(() => {});
      return ok(undefined);
    },

    async resume(runId) {
      // The flag covers a run that is still active and about to park: it promotes itself.
      await runScript(redis, TOUCH_RECORD, [keys.record(runId)], [runTtl, "r", "1"]);
      const job = await queue.getJob(jobIdOf(runId));
      if (job !== undefined && (await job.isDelayed())) {
        await redis.hdel(keys.record(runId), "r");
        await job.promote().catch(() => {});
      }
    },

    async schedule(scheduleId, when, input) {
      const repeat =
        "every" in when
          ? { every: when.every }
          : { pattern: when.pattern, ...(when.tz === undefined ? {} : { tz: when.tz }) };
      await queue.upsertJobScheduler(scheduleId, repeat, {
        name: "run",
        data: { input },
        opts: {
          attempts,
          backoff: { type: "exponential", delay: backoffMs },
          removeOnComplete: { age: 3600 },
        },
      });
    },

    unschedule: (scheduleId) => queue.removeJobScheduler(scheduleId),

    async close() {
      clearInterval(sweeper);
      await events?.close();
      eventsConnection?.disconnect();
      await queue.close();
    },
  };
}
