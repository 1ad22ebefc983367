import type { AsyncResult, WireEncodeError, RunConflictError } from "@awaitly/core";
import type { Enqueued } from "../workflow-queue-types";
import type { ParentRef } from "./keys";
import type { ChildRunOptions } from "../workflow-run";

/** @internal What a parent run needs of its children's queue beyond the public API. */
export interface QueueInternals {
  readonly prefix: string;
  readonly name: string;
  /** `enqueue` with the parent named in the job data (the child wakes it when it finishes). */
  enqueueChild(
    input: unknown,
    runId: string,
    parent: ParentRef,
    options: ChildRunOptions,
  ): AsyncResult<Enqueued, RunConflictError | WireEncodeError>;
  /** The run's encoded outcome, `null` while it has none. */
  outcome(runId: string): Promise<string | null>;
  cancel(runId: string): Promise<unknown>;
}

const registry = new WeakMap<object, QueueInternals>();

/** @internal Called by `createWorkflowQueue` for each queue it makes. */
export const registerQueue = (queue: object, internals: QueueInternals): void =>
  void registry.set(queue, internals);

/** @internal The internals of a queue made by `createWorkflowQueue`; a `TypeError` for anything else. */
export function internalsOf(where: string, queue: unknown): QueueInternals {
  const found = typeof queue === "object" && queue !== null ? registry.get(queue) : undefined;
  if (found === undefined) {
    throw new TypeError(
      `${where}: the queue must be one createWorkflowQueue made, got ${String(queue)}`,
    );
  }
  return found;
}
