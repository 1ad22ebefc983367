import type {
  DurableRun,
  Result,
  RunCancelledError,
  RunConflictError,
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
 * One run as its workflow sees it (the 4th argument of the worker's `workflow`): core's
 * `DurableRun` (its id, cancellation signal, attempt, idempotency keys, and the durable waits that
 * park it as a delayed job; a signal's invalid payload is reported to `onError` as a
 * `SignalPayloadError`), plus child runs.
 */
export interface WorkflowRun extends DurableRun {
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
}
