import {
  assertKnownOptions,
  encodeValue,
  err,
  ok,
  RunConflictError,
  RunFinishedError,
  RunNotFoundError,
  RunTimeoutError,
  SignalNotAwaitedError,
  SignalPayloadError,
  stringifyValue,
  terminalStateOf,
  type AsyncResult,
  type DriftRun,
  type Result,
  type TerminalRunState,
  type UnexpectedError,
  type WireEncodeError,
} from "@awaitly/core";
import { isRedisUnavailableError, type RunError } from "./errors";
import { boundedCall, watchAvailability } from "./internal/availability";
import { assertId, checkEnqueueOptions, checkScheduleSpec } from "./internal/boundary";
import { inputHash } from "./internal/input-hash";
import { timerMs } from "./internal/option-checks";
import { cancelRun } from "./internal/cancel-run";
import { createFairDispatcher } from "./internal/fair-dispatch";
import { jobIdOf, type RunJobData } from "./internal/keys";
import { createQueueCache, type RunPlace } from "./internal/queue-cache";
import { registerQueue } from "./internal/queue-internals";
import { addDebounced, type DebounceContext } from "./internal/debounce-add";
import type { StoredJob } from "./internal/stored-job";
import { createOutcomeWaiter } from "./internal/outcome-waiter";
import { checkpointIdOf, resolveQueueOptions } from "./internal/resolve-options";
import { createRunReader } from "./internal/run-reader";
import type { DriftRunsOptions } from "./drift-check";
import { driftRunsOf } from "./internal/drift-runs";
import type { RunInfo } from "./run-list";
import { createRunActions } from "./run-actions";
import { runScript } from "./internal/run-script";
import { carrierField, traceData } from "./internal/trace-carrier";
import { validate } from "./internal/validate";
import type { WorkflowQueueOptions } from "./queue-options";
import { CLAIM_RUN } from "./scripts/claim-run-3.lua";
import { DELIVER } from "./scripts/deliver-3.lua";
import { decodeOutcome } from "./internal/wire";
import { nameOf, type WorkflowDefinition } from "./workflow-definition";

type JobExtra = Omit<RunJobData, "input">;

import type { EnqueueOptions, Enqueued, WorkflowQueue } from "./workflow-queue-types";
import { guardQueue } from "./internal/guard-queue";
import { createWaitTracer } from "./internal/wait-tracer";

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
  const { redis, keys, runTtl, jobName, jobOptions, retry, tracing, version } = resolved;
  const cache = createQueueCache(redis);
  // Runs of a version are jobs of that version's BullMQ queue; this queue enqueues on its own.
  const own = cache.at(resolved.prefix, name, version);
  const { queue } = own;
  const placeOf = (runId: string): Promise<RunPlace> => cache.placeOf(resolved.prefix, name, runId);
  const availability = watchAvailability(redis, "createWorkflowQueue", resolved.onError);
  const outcomes = createOutcomeWaiter(resolved, queue, cache, availability.onError);
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
  const fair = createFairDispatcher(redis, cache, resolved.prefix, name);
  const pushFair = async (
    runId: string,
    key: string,
    input: unknown,
    opts: EnqueueOptions,
    extra?: JobExtra,
  ) => {
    // The run carries its queue's limit: processes configured differently never overwrite it.
    const job: StoredJob = {
      name: jobName,
      opts: {
        ...jobOptions,
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
      data: { ...extra, ...(tracing === undefined ? {} : traceData(tracing, opts.trace)) },
    };
    await fair.push(runId, key, input, job, resolved.concurrencyPerKey);
    await fair.dispatch();
  };
  const reader = createRunReader(
    redis,
    keys,
    // A run without a record is a schedule tick: its job is in this queue's own BullMQ queue.
    (record) =>
      record.st === undefined ? queue : cache.at(resolved.prefix, name, record.vq).queue,
    options.checkpointer,
    checkpointIdOf(resolved),
    runTtl,
  );

  const addJob = (
    place: RunPlace,
    runId: string,
    input: unknown,
    opts: EnqueueOptions,
    extra?: JobExtra,
  ) =>
    place.queue.add(
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
    // No outcome at all: a job BullMQ failed itself.
    const { outcome } = await outcomes.read(runId);
    return new RunFinishedError(
      runId,
      outcome === null ? "failed" : terminalStateOf(decodeOutcome(outcome)),
    );
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
    const { keys: at } = await placeOf(runId);
    // A schedule tick's run id is its job id; any other id is only looked up as an enqueued run's.
    const tickJob = runId.startsWith("repeat:") ? keys.job(runId) : at.job(jobId);
    const [answer, detail] = (await runScript(
      redis,
      DELIVER,
      [keys.record(runId), at.job(jobId), tickJob],
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
    const routed = version === undefined ? "0" : "1";
    const claimArgs = () => [hash, ttl, jobIdOf(runId), Date.now(), version ?? "", routed];
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
      // The run's job goes to the version it was enqueued on first, whatever this queue's.
      if (run.outcome === null && !run.job && !(await waitsForSlot()))
        await addJob(await placeOf(runId), runId, encoded.value, enqueueOptions, extra);
      return ok({ runId, deduplicated: true });
    }
    const key = enqueueOptions.concurrencyKey;
    if (key !== undefined) await pushFair(runId, key, encoded.value, enqueueOptions, extra);
    else await addJob(own, runId, encoded.value, enqueueOptions, extra);
    return ok({ runId, deduplicated: false });
  };
  const debounce: DebounceContext = {
    redis,
    keys,
    runTtl,
    version: options.version,
    job: (key) => ({
      name: jobName,
      opts: jobOptions,
      data: { debounce: key, ...(tracing === undefined ? {} : traceData(tracing, undefined)) },
    }),
  };
  const waits = tracing === undefined ? undefined : createWaitTracer(tracing);
  const cancel = (runId: string) =>
    cancelRun({ redis, prefix: resolved.prefix, name, runTtl, cache, waits }, runId);

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
      const added = await addDebounced(debounce, key, input, debounceOptions);
      if (!added.ok) return added;
      // The input is stored with the claimed run: from here on the run starts even if this
      // process dies (a worker's sweep adds a missing job once the batch is due). Adding the
      // delayed job now makes the start punctual; every caller does (deduplicated by run id).
      const { runId, at } = added.value;
      const delay = Math.max(1, at - Date.now());
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
      const job = await (await placeOf(runId)).queue.getJob(jobIdOf(runId));
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
      const job = await (await placeOf(runId)).queue.getJob(jobIdOf(runId));
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
    versions: () => reader.versions(),
    driftRuns: <TRunInput>(o?: DriftRunsOptions) =>
      driftRunsOf(reader, options.checkpointer, checkpointIdOf(resolved), o) as AsyncIterable<
        DriftRun<TRunInput>
      >,
    // Set below, once the actions can call this queue's own cancel, resume and signal.
    retry: () => Promise.reject(new Error("unreachable")),
    bulk: () => Promise.reject(new Error("unreachable")),

    async close() {
      await outcomes.close();
      await cache.close();
    },
  };
  const guarded = guardQueue(api, guard, orThrow, () => availability.close());
  registerQueue(guarded, {
    prefix: resolved.prefix,
    name,
    enqueueChild: (input, runId, parent, { concurrencyKey, priority }) =>
      enqueueRun(input, { runId, concurrencyKey, priority }, { parent }),
    outcome: async (runId) => (await outcomes.lookUp(runId)).outcome ?? null,
    cancel: (runId) => cancel(runId),
  });
  const actions = createRunActions({
    redis,
    keys,
    jobQueue: async (runId) => (await placeOf(runId)).queue,
    reader,
    checkpointer: options.checkpointer,
    checkpointId: checkpointIdOf(resolved),
    addJob: async (runId, data) =>
      (await placeOf(runId)).queue.add(jobName, data, { ...jobOptions, jobId: jobIdOf(runId) }),
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
