import type { DurationType } from "@awaitly/core";
import type { InferSchemaOutput, StandardSchemaV1 } from "./standard-schema";

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
  /** Durable sleep: parks the run (no slot held) until `duration` (ms or a core `Duration`) after this step was first reached. */
  sleep(key: string, duration: number | DurationType): Promise<void>;
}
