import type {
  DurationType,
  InferSchemaOutput,
  Result,
  RunCancelledError,
  RunConflictError,
  StandardSchemaV1,
  UnexpectedError,
  WireEncodeError,
} from "@awaitly/core";
import type { WorkflowQueue } from "./workflow-queue-types";

/**
 * What a child run ends with besides its value: its workflow's own errors, an `UnexpectedError`
 * (it threw on its last attempt), `RunCancelledError` (cancelled, also by a fail-fast sibling or
 * its parent's cancel), `RunConflictError` (its run id exists with another input) or
 * `WireEncodeError` (its input cannot be carried).
 */
export type ChildRunError<TError> =
  TError | UnexpectedError | RunCancelledError | RunConflictError | WireEncodeError;

/** How a child run is enqueued on its queue: the `enqueue` options that make sense for a child. */
export interface ChildRunOptions {
  /**
   * The child's concurrency key: it waits for a slot of its key like any run enqueued with one
   * (its queue's `concurrencyPerKey`, keys served round-robin). Defaults to none.
   */
  readonly concurrencyKey?: string | undefined;
  /** BullMQ priority (1 is highest; 0 means none). Defaults to `0`. */
  readonly priority?: number | undefined;
}

/**
 * One child run to start: its key (the child's run id is `<parent run id>/<key>`), its input, and
 * how it is enqueued.
 */
export interface ChildRunSpec<TInput> extends ChildRunOptions {
  readonly key: string;
  readonly input: TInput;
}

/** How `run.children` ends: at the first failure (siblings cancelled) or once every child has. */
export type ChildrenPolicy = "fail-fast" | "all-settled";

/**
 * One run as its workflow sees it (the 4th argument of the worker's `workflow`): its id, its
 * cancellation signal, its attempt, idempotency keys, and the durable waits that park it.
 */
export interface WorkflowRun {
  /** The run id (the one given to `enqueue`; a schedule tick's is its BullMQ job id). */
  readonly runId: string;
  /** Aborted when the run is cancelled (from any process); pass it to the step's I/O. */
  readonly signal: AbortSignal;
  /**
   * 1 on the first start, then +1 per retry, stall recovery or hand-over. Waking from a park
   * (`sleep`, `waitForSignal`, a pending approval) continues the same attempt.
   */
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
  /**
   * Starts one child run on `queue` (same or another queue) and waits for it without holding a
   * worker slot. Its run id is `<this run id>/<key>`, so a retried parent starts no second child.
   */
  child<TInput, TValue, TError>(
    queue: WorkflowQueue<TInput, TValue, TError>,
    key: string,
    input: NoInfer<TInput>,
    options?: ChildRunOptions,
  ): Promise<Result<TValue, ChildRunError<TError>>>;
  /**
   * Starts child runs on `queue` and waits for them without holding a worker slot (parked, woken
   * as children finish). `fail-fast` (the default) ends with the first failed child's error and
   * cancels the siblings still running; `all-settled` gives every child's `Result`, in `items` order.
   */
  children<TInput, TValue, TError>(
    queue: WorkflowQueue<TInput, TValue, TError>,
    items: ReadonlyArray<ChildRunSpec<NoInfer<TInput>>>,
    options?: { policy?: "fail-fast" | undefined },
  ): Promise<Result<TValue[], ChildRunError<TError>>>;
  children<TInput, TValue, TError>(
    queue: WorkflowQueue<TInput, TValue, TError>,
    items: ReadonlyArray<ChildRunSpec<NoInfer<TInput>>>,
    options: { policy: "all-settled" },
  ): Promise<Array<Result<TValue, ChildRunError<TError>>>>;
  /** Durable sleep: parks the run (no slot held) until `duration` (ms or a core `Duration`) after this step was first reached. */
  sleep(key: string, duration: number | DurationType): Promise<void>;
}
