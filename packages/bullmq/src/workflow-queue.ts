import {
  assertKnownOptions,
  encodeValue,
  err,
  ok,
  stringifyValue,
  type AsyncResult,
  type Result,
  type UnexpectedError,
  type WireEncodeError,
  type WireResult,
} from "@awaitly/core";
import { Queue } from "bullmq";
import {
  isRedisUnavailableError,
  type RedisUnavailableError,
  RunConflictError,
  RunFinishedError,
  RunNotFoundError,
  RunTimeoutError,
  SignalNotAwaitedError,
  SignalPayloadError,
  type RunError,
} from "./errors";
import { boundedCall, watchAvailability } from "./internal/availability";
import { assertId, checkEnqueueOptions, checkScheduleSpec } from "./internal/boundary";
import { inputHash } from "./internal/input-hash";
import { timerMs } from "./internal/option-checks";
import { cancelRun } from "./internal/cancel-run";
import { createFairDispatcher, fairBase } from "./internal/fair-dispatch";
import { jobIdOf, type RunJobData } from "./internal/keys";
import { nonNegativeInt } from "./internal/option-checks";
import { createQueueCache } from "./internal/queue-cache";
import { registerQueue } from "./internal/queue-internals";
import { DEBOUNCE_ADD } from "./scripts/debounce-add-1.lua";
import { createOutcomeWaiter } from "./internal/outcome-waiter";
import { checkpointIdOf, resolveQueueOptions } from "./internal/resolve-options";
import { createRunReader } from "./internal/run-reader";
import type { RunInfo, RunStatus, RunsFilter, RunsPage } from "./run-list";
import {
  createRunActions,
  type BulkAction,
  type BulkOptions,
  type BulkOutcome,
  type RetryError,
  type RetryOptions,
  type RetryStarted,
} from "./run-actions";
import { runScript } from "./internal/run-script";
import { carrierField, traceData } from "./internal/trace-carrier";
import { validate } from "./internal/validate";
import { decodeOutcome } from "./internal/wire";
import type { WorkflowQueueOptions } from "./queue-options";
import { CLAIM_RUN } from "./scripts/claim-run-3.lua";
import { DELIVER } from "./scripts/deliver-3.lua";
import { terminalStateOfWire } from "./internal/run-state";
import type { TerminalRunState } from "./run-state";
import type { StandardSchemaV1 } from "./standard-schema";
import { nameOf, type WorkflowDefinition } from "./workflow-definition";

type JobExtra = Omit<RunJobData, "input">;

/** Options of one `enqueue`. */
export interface EnqueueOptions {
  /** Identifies the run: enqueuing the same id again starts nothing. Defaults to a random UUID. */
  runId?: string | undefined;
  /** Milliseconds to wait before the run may start. Defaults to `0`. */
  delay?: number | undefined;
  /** BullMQ priority (1 is highest; 0 means none). Defaults to `0`. */
  priority?: number | undefined;
  /**
   * The run's concurrency key (a tenant, an account): at most the queue's `concurrencyPerKey` runs
   * of one key are active at once, and keys with waiting runs are served round-robin. Defaults to
   * none (the run goes straight to the BullMQ queue).
   */
  concurrencyKey?: string | undefined;
  /** `false` leaves this run out of tracing (the queue's `tracing`), on every worker. Defaults to `true`. */
  trace?: boolean | undefined;
}

/** Options of `debounce`. */
export interface DebounceOptions {
  /** The run starts once no input arrived for this many ms. */
  quietMs: number;
  /** The run starts at most this many ms after the batch's first input. Defaults to no limit. */
  maxDelayMs?: number | undefined;
}

/** What one debounced call gives: the item type of a queue whose input is an array. */
export type DebouncedInput<TInput> = TInput extends ReadonlyArray<infer TItem> ? TItem : never;

/** What `enqueue` reports. */
export interface Enqueued {
  runId: string;
  /** True when a run with this id and input already existed (running or finished). */
  deduplicated: boolean;
}

/** What a successful `cancel` did. */
export interface Cancelled {
  runId: string;
  /**
   * `stopped`: the run was waiting, delayed or parked, and ended cancelled at once. `stopping`: it
   * was active; it starts no further step and ends cancelled (its outcome write and every worker
   * that takes it over check the cancel).
   */
  how: "stopped" | "stopping";
}

/** When a schedule fires: a cron `pattern` (with `tz`) or every `every` ms. */
export type ScheduleSpec = { pattern: string; tz?: string | undefined } | { every: number };

/** The producer side: starts runs, waits for their results, cancels and schedules them. */
export interface WorkflowQueue<TInput, TValue, TError> {
  readonly name: string;
  /**
   * Starts a run unless one with the same run id exists; a different input is a `RunConflictError`.
   * The input travels through core's wire codec (`Date`, `Map`, `Set`, `BigInt`, `Error`… arrive as
   * given); one it cannot carry (a function, a cycle, a class instance without `toJSON`) is a
   * `WireEncodeError` naming the path (`input.customer.notify`), and nothing is stored.
   */
  enqueue(
    input: TInput,
    options?: EnqueueOptions,
  ): AsyncResult<Enqueued, RunConflictError | WireEncodeError | RedisUnavailableError>;

  /**
   * Adds `input` to `key`'s open batch (opening one): one run starts `quietMs` after the last input
   * (at most `maxDelayMs` after the first), and its input is every input of the batch in arrival
   * order (the queue's input is an array of them). Every caller of one batch gets its run id.
   */
  debounce(
    key: string,
    input: DebouncedInput<TInput>,
    options: DebounceOptions,
  ): AsyncResult<Enqueued, WireEncodeError | RedisUnavailableError>;
  /** The run's own Result once it finishes (read from its record if it already has). */
  result(
    runId: string,
    options?: { timeoutMs?: number | undefined },
  ): AsyncResult<TValue, TError | UnexpectedError | RunError | RedisUnavailableError>;
  /**
   * Cancels a run from any process. Cancel and completion are one compare-and-set on the run's
   * state: an answer `ok` means the run ends `RunCancelledError`, whatever it was doing; a run that
   * has ended is left alone (`RunFinishedError`), an unknown one is a `RunNotFoundError`.
   */
  cancel(
    runId: string,
  ): AsyncResult<Cancelled, RunNotFoundError | RunFinishedError | RedisUnavailableError>;
  /**
   * Delivers a named signal (with a payload) to a run waiting for it, from any process. Given the
   * signal's `schema` (a Standard Schema validator), an invalid payload is refused here with a
   * `SignalPayloadError` and nothing is sent; so is a payload core's wire codec cannot carry (a
   * function, a cycle), with an issue naming the path (`payload.reply`). A run that is unknown
   * (`RunNotFoundError`), has ended (`RunFinishedError`) or is parked waiting for another signal
   * (`SignalNotAwaitedError`) gets nothing stored; a run that is active or waits for something else
   * (a sleep, an approval) keeps the payload for when it waits for this name.
   */
  signal<TPayload = unknown>(
    runId: string,
    name: string,
    payload?: NoInfer<TPayload>,
    options?: { schema?: StandardSchemaV1<TPayload, unknown> | undefined },
  ): AsyncResult<
    void,
    | SignalPayloadError
    | RunNotFoundError
    | RunFinishedError
    | SignalNotAwaitedError
    | RedisUnavailableError
  >;
  /**
   * Wakes a run parked on a pending approval, after the approval was decided in its store; an
   * unknown or ended run is refused and nothing is stored.
   */
  resume(
    runId: string,
  ): AsyncResult<void, RunNotFoundError | RunFinishedError | RedisUnavailableError>;
  /**
   * Creates or updates a schedule; each tick is its own run. Throws the `WireEncodeError` of an
   * input the wire codec cannot carry (a schedule's input is written in code, not received), and a
   * `RedisUnavailableError` when Redis does not answer within `redisTimeoutMs`.
   */
  schedule(scheduleId: string, when: ScheduleSpec, input: TInput): Promise<void>;
  /** Removes a schedule; resolves whether it existed (throws a `RedisUnavailableError` as `schedule`). */
  unschedule(scheduleId: string): Promise<boolean>;
  /**
   * One page of runs, newest status change first, filtered by status, error type, what a parked
   * run waits on and when it entered its status (read from indexes the run's state changes keep).
   */
  runs(filter?: RunsFilter): Promise<RunsPage>;
  /**
   * Everything known of one run (input, status, timestamps, outcome, step timeline), or
   * `undefined`. Its `input` is `unknown`: the run may have been enqueued by an older version of
   * the code (and a queue stays assignable to `WorkflowQueue<never, …>`).
   */
  run(runId: string): Promise<RunInfo<unknown, TValue, TError> | undefined>;
  /** How many runs are in each status (finished runs within their retention). */
  counts(): Promise<Record<RunStatus, number>>;
  /**
   * Runs a finished run (completed, failed or cancelled) again. With `fromStep`, that step and every
   * step that started after it run again (their checkpoints invalidated through the checkpointer's
   * policy; needs the queue's `checkpointer` option), earlier ones are reused; without it every
   * checkpoint is reused. Two retries of one run race on its state: one wins.
   */
  retry(runId: string, options?: RetryOptions): AsyncResult<RetryStarted, RetryError>;
  /**
   * Applies an action (cancel, resume, retry, signal) to every run a filter lists (at most `max`),
   * and reports each run's own `Result`.
   */
  bulk(filter: RunsFilter, action: BulkAction, options?: BulkOptions): Promise<BulkOutcome[]>;
  /** The underlying BullMQ queue (for dashboards such as bull-board). */
  readonly bullQueue: Queue;
  /** Closes the queue and its event listener; the connection stays open. */
  close(): Promise<void>;
}

/**
 * Creates the producer side of a workflow queue on BullMQ, typed by the workflow's definition
 * (the one its workers run), so `enqueue` takes its input and `result` gives its value and errors.
 * @example
 * const queue = createWorkflowQueue(orders, { connection }); // orders = defineWorkflow({ … })
 * const enqueued = await queue.enqueue({ orderId: 42 }, { runId: "order-42" });
 * const receipt = await queue.result("order-42", { timeoutMs: 30_000 });
 */
export function createWorkflowQueue<TInput, TValue, TError>(
  definition: WorkflowDefinition<TInput, TValue, TError>,
  options: WorkflowQueueOptions,
): WorkflowQueue<TInput, TValue, TError>;
/**
 * Creates the producer side of a workflow queue by name, typed by hand (a producer that does not
 * import the workflow's definition). Prefer the definition form: its types cannot drift.
 * @example
 * const orders = createWorkflowQueue<OrderInput, Receipt, OrderError>("orders", { connection });
 */
export function createWorkflowQueue<TInput, TValue, TError>(
  name: string,
  options: WorkflowQueueOptions,
): WorkflowQueue<TInput, TValue, TError>;
export function createWorkflowQueue<TInput, TValue, TError>(
  nameOrDefinition: string | WorkflowDefinition<TInput, TValue, TError>,
  options: WorkflowQueueOptions,
): WorkflowQueue<TInput, TValue, TError> {
  const name = nameOf("createWorkflowQueue", nameOrDefinition);
  const resolved = resolveQueueOptions(name, options);
  const { redis, keys, runTtl, jobName, jobOptions, retry, tracing } = resolved;
  const queue = new Queue<RunJobData>(name, { connection: redis, prefix: resolved.prefix });
  const availability = watchAvailability(redis, "createWorkflowQueue", resolved.onError);
  const outcomes = createOutcomeWaiter(resolved, queue, availability.onError);
  queue.on("error", availability.onError);
  const { redisTimeoutMs } = resolved;
  // Every call that talks to Redis answers within `redisTimeoutMs` (plus a result's own wait).
  const guard = <R>(where: string, waitMs: number, call: () => Promise<R>) =>
    boundedCall(availability, where, redisTimeoutMs + waitMs, call);
  const orThrow = async <R>(where: string, call: () => Promise<R>): Promise<R> => {
    const answer = await guard(where, 0, call);
    const error = (answer as { error?: unknown } | undefined)?.error;
    if (isRedisUnavailableError(error)) throw error;
    return answer as R;
  };
  const cache = createQueueCache(redis);
  const fair = createFairDispatcher(redis, queue, resolved.prefix);
  let limitSet: Promise<unknown> | undefined;
  const pushFair = async (
    runId: string,
    key: string,
    input: unknown,
    opts: EnqueueOptions,
    extra?: JobExtra,
  ) => {
    limitSet ??= redis.set(`${fairBase(resolved.prefix, name)}:limit`, resolved.concurrencyPerKey);
    await limitSet;
    await fair.push(runId, key, input, {
      name: jobName,
      opts: {
        ...jobOptions,
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
      data: { ...extra, ...(tracing === undefined ? {} : traceData(tracing, opts.trace)) },
    });
    await fair.dispatch();
  };
  const reader = createRunReader(
    redis,
    keys,
    queue,
    options.checkpointer,
    checkpointIdOf(resolved),
    runTtl,
  );

  const addJob = (runId: string, input: unknown, opts: EnqueueOptions, extra?: JobExtra) =>
    queue.add(
      jobName,
      { input, ...extra, ...(tracing === undefined ? {} : traceData(tracing, opts.trace)) },
      {
        ...jobOptions,
        jobId: jobIdOf(runId),
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
    );

  // A run that ended: its state from the record, or from the outcome its job holds.
  const finishedError = async (runId: string, state: string | undefined) => {
    if (state !== undefined && state !== "") {
      return new RunFinishedError(runId, state as TerminalRunState);
    }
    const { outcome } = await outcomes.read(runId);
    const wire = outcome === null ? { ok: false } : (JSON.parse(outcome) as WireResult);
    return new RunFinishedError(runId, terminalStateOfWire(wire));
  };

  // Stores a signal or resume field, unless the run is unknown, ended, or (`strict`) parked on
  // another signal, whose field is then the error.
  const deliver = async (
    runId: string,
    field: string,
    value: string,
    strict: boolean,
  ): Promise<Result<void, RunNotFoundError | RunFinishedError | string>> => {
    const carrier = carrierField(tracing, field);
    const jobId = jobIdOf(runId);
    // A schedule tick's run id is its job id; any other id is only looked up as an enqueued run's.
    const tickJob = runId.startsWith("repeat:") ? keys.job(runId) : keys.job(jobId);
    const [answer, detail] = (await runScript(
      redis,
      DELIVER,
      [keys.record(runId), keys.job(jobId), tickJob],
      [runTtl, field, value, strict ? "1" : "0", ...carrier],
    )) as [string, string | undefined];
    if (answer === "stored") return ok(undefined);
    if (answer === "unknown") return err(new RunNotFoundError(runId));
    if (answer === "finished") return err(await finishedError(runId, detail));
    return err(detail ?? "");
  };

  const enqueueRun = async (
    input: unknown,
    enqueueOptions: EnqueueOptions,
    extra?: JobExtra,
  ): AsyncResult<Enqueued, RunConflictError | WireEncodeError> => {
    const runId = enqueueOptions.runId ?? crypto.randomUUID();
    // A delayed run's record must outlive its wait: the TTL counts from its start.
    const ttl = runTtl > 0 ? runTtl + Math.ceil((enqueueOptions.delay ?? 0) / 1000) : 0;
    const encoded = encodeValue(input, { root: "input" });
    if (!encoded.ok) return encoded;
    // Plain JSON encodes to itself, so its hash is the one runs enqueued before the codec have.
    const hash = inputHash(encoded.value);
    const claimKeys = [keys.record(runId), keys.job(jobIdOf(runId)), keys.index];
    const claimArgs = () => [hash, ttl, jobIdOf(runId), Date.now(), options.version ?? ""];
    let claim = Number(await runScript(redis, CLAIM_RUN, claimKeys, claimArgs()));
    if (claim === 3) {
      // The record expired before the job that carries the outcome: compare with the job's input.
      const job = await queue.getJob(jobIdOf(runId));
      if (job === undefined)
        claim = Number(await runScript(redis, CLAIM_RUN, claimKeys, claimArgs()));
      else claim = inputHash(job.data.input) === hash ? 1 : 2;
    }
    if (claim === 2) return err(new RunConflictError(runId));
    if (claim === 1 || claim === 3) {
      // Re-adding is a no-op while the job exists; it restarts a run whose first enqueue died
      // between writing the record and adding the job.
      const run = await outcomes.read(runId);
      // A run with a concurrency key waits in its key's list without a job: the dispatcher adds it.
      const waitsForSlot = async () => (await redis.hexists(keys.record(runId), "q")) === 1;
      if (run.outcome === null && !run.job && !(await waitsForSlot()))
        await addJob(runId, encoded.value, enqueueOptions, extra);
      return ok({ runId, deduplicated: true });
    }
    const key = enqueueOptions.concurrencyKey;
    if (key !== undefined) await pushFair(runId, key, encoded.value, enqueueOptions, extra);
    else await addJob(runId, encoded.value, enqueueOptions, extra);
    return ok({ runId, deduplicated: false });
  };
  const cancel = (runId: string) =>
    cancelRun({ redis, queue, prefix: resolved.prefix, runTtl, cache }, runId);

  const api: WorkflowQueue<TInput, TValue, TError> = {
    name,
    bullQueue: queue,

    async enqueue(input, enqueueOptions = {}) {
      checkEnqueueOptions(enqueueOptions);
      return enqueueRun(input, enqueueOptions);
    },

    async result(runId, resultOptions = {}) {
      assertId("WorkflowQueue.result", "runId", runId);
      assertKnownOptions("WorkflowQueue.result", resultOptions, ["timeoutMs"]);
      const timeoutMs = timerMs(
        "WorkflowQueue.result",
        "timeoutMs",
        resultOptions.timeoutMs ?? 30_000,
      );
      const found = await outcomes.lookUp(runId);
      if (!found.known) return err(new RunNotFoundError(runId));
      const outcome = found.outcome ?? (await outcomes.wait(runId, timeoutMs));
      if (outcome === undefined) return err(new RunTimeoutError(runId, timeoutMs));
      return decodeOutcome(outcome) as Result<TValue, TError | UnexpectedError | RunError>;
    },

    async cancel(runId) {
      assertId("WorkflowQueue.cancel", "runId", runId);
      const { answer, state } = await cancel(runId);
      if (answer === "unknown") return err(new RunNotFoundError(runId));
      if (answer === "finished") return err(await finishedError(runId, state));
      return ok({ runId, how: answer === "active" ? ("stopping" as const) : ("stopped" as const) });
    },

    async debounce(key, input, debounceOptions) {
      const where = "WorkflowQueue.debounce";
      if (typeof key !== "string" || key === "") {
        throw new TypeError(`${where}: key must be a non-empty string, got ${String(key)}`);
      }
      const quietMs = nonNegativeInt(where, "quietMs", debounceOptions.quietMs);
      const maxDelayMs =
        debounceOptions.maxDelayMs === undefined
          ? Number.MAX_SAFE_INTEGER
          : nonNegativeInt(where, "maxDelayMs", debounceOptions.maxDelayMs);
      const text = stringifyValue(input, { root: "input" });
      if (!text.ok) return text;
      const [runId, at] = (await runScript(
        redis,
        DEBOUNCE_ADD,
        [keys.debounce(key)],
        [
          `debounce:${key}:${crypto.randomUUID()}`,
          Date.now(),
          quietMs,
          maxDelayMs,
          text.value,
          keys.debounceInputs,
          runTtl,
        ],
      )) as [string, number];
      // Every caller enqueues the batch's run (deduplicated): a caller that died between the two
      // leaves the next one to add it.
      const delay = Math.max(1, Number(at) - Date.now());
      const started = await enqueueRun(null, { runId, delay }, { debounce: key });
      return started.ok ? started : err(started.error as WireEncodeError);
    },

    async signal(runId, signalName, payload, signalOptions = {}) {
      assertId("WorkflowQueue.signal", "runId", runId);
      assertId("WorkflowQueue.signal", "the signal name", signalName);
      assertKnownOptions("WorkflowQueue.signal", signalOptions, ["schema"]);
      const schema = signalOptions.schema ?? options.signals?.[signalName];
      if (schema !== undefined) {
        const checked = await validate("WorkflowQueue.signal", schema, payload);
        if (checked.issues !== undefined) {
          return err(new SignalPayloadError(runId, signalName, checked.issues));
        }
      }
      // The payload as given, not the schema's output: the waiting run validates it again.
      const text = stringifyValue(payload, { root: "payload" });
      if (!text.ok) {
        const { message, path } = text.error;
        return err(new SignalPayloadError(runId, signalName, [{ message, path: [path] }]));
      }
      const field = `s:${signalName}`;
      const delivered = await deliver(runId, field, text.value, true);
      if (!delivered.ok) {
        const { error } = delivered;
        return err(
          typeof error === "string"
            ? new SignalNotAwaitedError(runId, signalName, error.slice(2))
            : error,
        );
      }
      const job = await queue.getJob(jobIdOf(runId));
      // A parked run is a delayed job: promote it. An active one re-reads signals before parking.
      if (job !== undefined && (await job.isDelayed())) await job.promote().catch(() => {});
      return ok(undefined);
    },

    async resume(runId) {
      assertId("WorkflowQueue.resume", "runId", runId);
      // The flag covers a run that is still active and about to park: it promotes itself.
      const delivered = await deliver(runId, "r", "1", false);
      if (!delivered.ok) {
        return typeof delivered.error === "string" ? ok(undefined) : err(delivered.error);
      }
      const job = await queue.getJob(jobIdOf(runId));
      if (job !== undefined && (await job.isDelayed())) {
        await redis.hdel(keys.record(runId), "r");
        await job.promote().catch(() => {});
      }
      return ok(undefined);
    },

    async schedule(scheduleId, when, input) {
      assertId("WorkflowQueue.schedule", "scheduleId", scheduleId);
      checkScheduleSpec(when);
      const repeat =
        "every" in when
          ? { every: when.every }
          : { pattern: when.pattern, ...(when.tz === undefined ? {} : { tz: when.tz }) };
      const encoded = encodeValue(input, { root: "input" });
      if (!encoded.ok) throw encoded.error;
      await queue.upsertJobScheduler(scheduleId, repeat, {
        name: jobName,
        data: { input: encoded.value },
        opts: { ...retry, removeOnComplete: { age: 3600 } },
      });
    },

    unschedule: (scheduleId) => queue.removeJobScheduler(scheduleId),

    runs: (filter = {}) => reader.runs(filter),
    run: (runId) => reader.run(runId) as Promise<RunInfo<unknown, TValue, TError> | undefined>,
    counts: () => reader.counts(),
    // Set below, once the actions can call this queue's own cancel, resume and signal.
    retry: () => Promise.reject(new Error("unreachable")),
    bulk: () => Promise.reject(new Error("unreachable")),

    async close() {
      await outcomes.close();
      await cache.close();
      await queue.close();
    },
  };
  const guarded: WorkflowQueue<TInput, TValue, TError> = {
    ...api,
    enqueue: (input, o) => guard("WorkflowQueue.enqueue", 0, () => api.enqueue(input, o)),
    result: (runId, o) =>
      guard("WorkflowQueue.result", o?.timeoutMs ?? 30_000, () => api.result(runId, o)),
    cancel: (runId) => guard("WorkflowQueue.cancel", 0, () => api.cancel(runId)),
    signal: (runId, signalName, payload, o) =>
      guard("WorkflowQueue.signal", 0, () => api.signal(runId, signalName, payload, o)),
    resume: (runId) => guard("WorkflowQueue.resume", 0, () => api.resume(runId)),
    schedule: (scheduleId, when, input) =>
      orThrow("WorkflowQueue.schedule", () => api.schedule(scheduleId, when, input)),
    debounce: (key, input, o) =>
      guard("WorkflowQueue.debounce", 0, () => api.debounce(key, input, o)),
    unschedule: (scheduleId) =>
      orThrow("WorkflowQueue.unschedule", () => api.unschedule(scheduleId)),
    async close() {
      availability.close();
      await api.close();
    },
  };
  registerQueue(guarded, {
    prefix: resolved.prefix,
    name,
    enqueueChild: (input, runId, parent) => enqueueRun(input, { runId }, { parent }),
    outcome: async (runId) => (await outcomes.lookUp(runId)).outcome ?? null,
    cancel: (runId) => cancel(runId),
  });
  const actions = createRunActions({
    redis,
    keys,
    queue,
    reader,
    checkpointer: options.checkpointer,
    checkpointId: checkpointIdOf(resolved),
    addJob: (runId, data) => queue.add(jobName, data, { ...jobOptions, jobId: jobIdOf(runId) }),
    single: {
      cancel: (runId) => guarded.cancel(runId),
      resume: (runId) => guarded.resume(runId),
      signal: (runId, signalName, payload) => guarded.signal(runId, signalName, payload),
    },
  });
  guarded.retry = actions.retry;
  guarded.bulk = actions.bulk;
  return guarded;
}
