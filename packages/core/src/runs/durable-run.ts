import type { DurationType } from "../duration/duration";
import type { InferSchemaOutput, StandardSchemaV1 } from "./standard-schema";

/**
 * One durable run as its workflow body sees it (the body's 4th argument), whichever engine runs
 * it: `@awaitly/bullmq`'s `WorkflowRun` adds child runs; `@awaitly/testing`'s environment gives
 * exactly this, on virtual time.
 */
export interface DurableRun {
  /** The run id (the one it was started with). */
  readonly runId: string;
  /** Aborted when the run is cancelled (from any process); pass it to the step's I/O. */
  readonly signal: AbortSignal;
  /**
   * 1 on the first start, then +1 per retry, crash recovery or hand-over. Waking from a park
   * (`sleep`, `waitForSignal`, a pending approval) continues the same attempt.
   */
  readonly attempt: number;
  /** `runId:stepKey`: the same on every retry, resume and worker; pass it to payment APIs and the like. */
  idempotencyKey(stepKey: string): string;
  /**
   * Parks the run (no worker slot held) until a signal of this name arrives, or until `until` (a
   * ms time on the engine's clock, fixed when first reached). Checkpointed, so a resumed run does
   * not wait again. With a `schema` (a Standard Schema validator) the payload is typed by it and
   * validated on arrival: an invalid payload is dropped and reported, and the run waits on.
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
  /** Durable sleep: parks the run until `duration` (ms or a `Duration`) after this step was first reached. */
  sleep(key: string, duration: number | DurationType): Promise<void>;
}
