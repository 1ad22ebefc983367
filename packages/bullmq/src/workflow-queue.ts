import {
  encodeValue,
  err,
  ok,
  stringifyValue,
  type AsyncResult,
  type Result,
  type UnexpectedError,
  type WireEncodeError,
} from "@awaitly/core";
import { Queue } from "bullmq";
import {
  RunConflictError,
  RunNotFoundError,
  RunTimeoutError,
  SignalPayloadError,
  type RunError,
} from "./errors";
import { inputHash } from "./internal/input-hash";
import { cancelRun } from "./internal/cancel-run";
import { createFairDispatcher, fairBase } from "./internal/fair-dispatch";
import { jobIdOf, type RunJobData } from "./internal/keys";
import { nonNegativeInt } from "./internal/option-checks";
import { DEBOUNCE_ADD } from "./scripts/debounce-add-1.lua";
import { createQueueCache } from "./internal/queue-cache";
import { registerQueue } from "./internal/queue-internals";
import { createOutcomeWaiter } from "./internal/outcome-waiter";
import { resolveQueueOptions } from "./internal/resolve-options";
import { runScript } from "./internal/run-script";
import { validate } from "./internal/validate";
import { decodeOutcome } from "./internal/wire";
import type { WorkflowQueueOptions } from "./queue-options";
import { CLAIM_RUN } from "./scripts/claim-run-2.lua";
import { TOUCH_RECORD } from "./scripts/touch-record-1.lua";
import type { StandardSchemaV1 } from "./standard-schema";

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
}

/** What `enqueue` reports. */
export interface Enqueued {
  runId: string;
  /** True when a run with this id and input already existed (running or finished). */
  deduplicated: boolean;
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
  ): AsyncResult<Enqueued, RunConflictError | WireEncodeError>;
  /**
   * Adds `input` to `key`'s open batch (opening one): one run starts `quietMs` after the last input
   * (at most `maxDelayMs` after the first), and its input is every input of the batch in arrival
   * order (the queue's input is an array of them). Every caller of one batch gets its run id.
   */
  debounce(
    key: string,
    input: DebouncedInput<TInput>,
    options: DebounceOptions,
  ): AsyncResult<Enqueued, WireEncodeError>;
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
   * `SignalPayloadError` and nothing is sent; so is a payload core's wire codec cannot carry (a
   * function, a cycle), with an issue naming the path (`payload.reply`).
   */
  signal<TPayload = unknown>(
    runId: string,
    name: string,
    payload?: NoInfer<TPayload>,
    options?: { schema?: StandardSchemaV1<TPayload, unknown> | undefined },
  ): AsyncResult<void, SignalPayloadError>;
  /** Wakes a run parked on a pending approval, after the approval was decided in its store. */
  resume(runId: string): Promise<void>;
  /**
   * Creates or updates a schedule; each tick is its own run. Throws the `WireEncodeError` of an
   * input the wire codec cannot carry (a schedule's input is written in code, not received).
   */
  schedule(scheduleId: string, when: ScheduleSpec, input: TInput): Promise<void>;
  /** Removes a schedule; resolves whether it existed. */
  unschedule(scheduleId: string): Promise<boolean>;
  /** The underlying BullMQ queue (for dashboards such as bull-board). */
  readonly bullQueue: Queue;
  /** Closes the queue and its event listener; the connection stays open. */
  close(): Promise<void>;
}

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
  const resolved = resolveQueueOptions(name, options);
  const { redis, keys, runTtl, jobName, jobOptions, retry } = resolved;
  const queue = new Queue<RunJobData>(name, { connection: redis, prefix: resolved.prefix });
  const outcomes = createOutcomeWaiter(resolved, queue);
  const cache = createQueueCache(redis);
  const fair = createFairDispatcher(redis, queue, resolved.prefix);
  let limitSet: Promise<unknown> | undefined;
  const pushFair = async (runId: string, key: string, input: unknown, opts: EnqueueOptions) => {
    limitSet ??= redis.set(`${fairBase(resolved.prefix, name)}:limit`, resolved.concurrencyPerKey);
    await limitSet;
    await fair.push(runId, key, input, {
      name: jobName,
      opts: {
        ...jobOptions,
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
    });
    await fair.dispatch();
  };

  const addJob = (runId: string, input: unknown, opts: EnqueueOptions, extra?: JobExtra) =>
    queue.add(
      jobName,
      { input, ...extra },
      {
        ...jobOptions,
        jobId: jobIdOf(runId),
        ...(opts.delay ? { delay: opts.delay } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      },
    );

  const enqueueRun = async (
    input: unknown,
    enqueueOptions: EnqueueOptions,
    extra?: JobExtra,
  ): AsyncResult<Enqueued, RunConflictError | WireEncodeError> => {
    const runId = enqueueOptions.runId ?? crypto.randomUUID();
    if (typeof runId !== "string" || runId === "") {
      throw new TypeError(
        `WorkflowQueue.enqueue: runId must be a non-empty string, got ${String(runId)}`,
      );
    }
    // A delayed run's record must outlive its wait: the TTL counts from its start.
    const ttl = runTtl > 0 ? runTtl + Math.ceil((enqueueOptions.delay ?? 0) / 1000) : 0;
    const encoded = encodeValue(input, { root: "input" });
    if (!encoded.ok) return encoded;
    // Plain JSON encodes to itself, so its hash is the one runs enqueued before the codec have.
    const hash = inputHash(encoded.value);
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
      const run = await outcomes.read(runId);
      // A run with a concurrency key waits in its key's list without a job: the dispatcher adds it.
      const waitsForSlot = async () => (await redis.hexists(keys.record(runId), "q")) === 1;
      if (run.outcome === null && !run.job && !(await waitsForSlot()))
        await addJob(runId, encoded.value, enqueueOptions, extra);
      return ok({ runId, deduplicated: true });
    }
    const key = enqueueOptions.concurrencyKey;
    if (key !== undefined && (typeof key !== "string" || key === "")) {
      throw new TypeError(
        `WorkflowQueue.enqueue: concurrencyKey must be a non-empty string, got ${String(key)}`,
      );
    }
    if (key !== undefined) await pushFair(runId, key, encoded.value, enqueueOptions);
    else await addJob(runId, encoded.value, enqueueOptions, extra);
    return ok({ runId, deduplicated: false });
  };
  const cancel = (runId: string): Promise<boolean> =>
    cancelRun({ redis, queue, prefix: resolved.prefix, runTtl, cache }, runId);

  const api: WorkflowQueue<TInput, TValue, TError> = {
    name,
    bullQueue: queue,
    enqueue: (input, enqueueOptions = {}) => enqueueRun(input, enqueueOptions),

    async result(runId, resultOptions = {}) {
      const timeoutMs = resultOptions.timeoutMs ?? 30_000;
      const found = await outcomes.lookUp(runId);
      if (!found.known) return err(new RunNotFoundError(runId));
      const outcome = found.outcome ?? (await outcomes.wait(runId, timeoutMs));
      if (outcome === undefined) return err(new RunTimeoutError(runId, timeoutMs));
      return decodeOutcome(outcome) as Result<TValue, TError | UnexpectedError | RunError>;
    },

    cancel,

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
      if (signalOptions.schema !== undefined) {
        const checked = await validate("WorkflowQueue.signal", signalOptions.schema, payload);
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
      await runScript(
        redis,
        TOUCH_RECORD,
        [keys.record(runId)],
        [runTtl, `s:${signalName}`, text.value],
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
      const encoded = encodeValue(input, { root: "input" });
      if (!encoded.ok) throw encoded.error;
      await queue.upsertJobScheduler(scheduleId, repeat, {
        name: jobName,
        data: { input: encoded.value },
        opts: { ...retry, removeOnComplete: { age: 3600 } },
      });
    },

    unschedule: (scheduleId) => queue.removeJobScheduler(scheduleId),

    async close() {
      await outcomes.close();
      await cache.close();
      await queue.close();
    },
  };
  registerQueue(api, {
    prefix: resolved.prefix,
    name,
    enqueueChild: (input, runId, parent) => enqueueRun(input, { runId }, { parent }),
    outcome: async (runId) => (await outcomes.lookUp(runId)).outcome ?? null,
    cancel,
  });
  return api;
}
