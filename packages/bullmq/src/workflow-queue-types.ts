import type {
  AsyncResult,
  DriftRun,
  UnexpectedError,
  WireEncodeError,
  RunConflictError,
  RunFinishedError,
  RunNotFoundError,
  SignalNotAwaitedError,
  SignalPayloadError,
  StandardSchemaV1,
} from "@awaitly/core";
import type { DriftRunsOptions } from "./drift-check";
import type { RedisUnavailableError, RunError } from "./errors";
import type { Queue } from "bullmq";
import type {
  BulkAction,
  BulkOptions,
  BulkOutcome,
  RetryError,
  RetryOptions,
  RetryStarted,
} from "./run-actions";
import type { RunInfo, RunStatus, RunsFilter, RunsPage, VersionCounts } from "./run-list";

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
   * How many runs each version (see the `version` option) still has waiting, active and parked:
   * once a version's are all 0, its workers can stop. A version is listed while it has runs in
   * flight, and once more with zeros after its last one ended.
   */
  versions(): Promise<Record<string, VersionCounts>>;
  /**
   * Every run still in flight (waiting, active, parked) with its checkpoints and input, as
   * `checkDrift` (`@awaitly/core`) and `awaitly-drift-check` read them: the pre-deploy check of new
   * code against this queue. `versions` keeps the runs the new workers will take. Needs the
   * queue's `checkpointer` option (throws a `TypeError` without it). Inputs are as the runs were
   * enqueued, maybe by older code: `TRunInput` defaults to this queue's input type.
   */
  driftRuns<TRunInput = TInput>(options?: DriftRunsOptions): AsyncIterable<DriftRun<TRunInput>>;
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
  /** The underlying BullMQ queue of the runs this queue enqueues (each version has its own). */
  readonly bullQueue: Queue;
  /** Closes the queue and its event listener; the connection stays open. */
  close(): Promise<void>;
}
