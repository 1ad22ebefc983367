import type { ResumeState } from "../workflow/types";
import type { CheckpointHooks } from "./checkpoint-hooks";

/** Options of `Checkpointer.forRun`. */
export interface CheckpointerRunOptions<TFence> {
  /**
   * What must hold for each step to start and each checkpoint to land; `false` writes unfenced,
   * so a process whose lease ran out can overwrite a newer holder's checkpoints. Required.
   */
  fence: TFence | false;
  /**
   * Asked, as each done step's checkpoint is written, for a field of another hash to write with it
   * (e.g. a run record's timeline entry): a checkpointer whose `annexes` is true writes it in the
   * same atomic change, only when the checkpoint lands (a fenced-out write changes neither); others
   * never ask. Defaults to none.
   */
  annex?: ((stepKey: string) => CheckpointAnnex | undefined) | undefined;
}

/** A field of another hash, written in the same atomic change as a step's checkpoint. */
export interface CheckpointAnnex {
  /** The store key of the hash (on Redis Cluster: in the slot of the run's checkpoints and fence). */
  key: string;
  field: string;
  value: string;
}

/**
 * Per-step checkpoints of workflow runs in some store: the contract `@awaitly/bullmq` and the
 * Redis/PostgreSQL checkpointers share. `TFence` is what `forRun` accepts as a fence.
 */
export interface Checkpointer<TFence> {
  /** The hooks that checkpoint and resume one run, fenced as `options` says. */
  forRun(runId: string, options: CheckpointerRunOptions<TFence>): CheckpointHooks;
  /** The run's saved steps (empty when none). */
  load(runId: string): Promise<ResumeState>;
  /** Deletes the run's checkpoints; resolves whether any existed. */
  delete(runId: string): Promise<boolean>;
  /** Seconds a run's checkpoints live after its latest one (`0` or absent: until deleted). */
  readonly ttl?: number | undefined;
  /** The store key holding a run's checkpoints, when one key does (Redis: the run's hash). */
  keyOf?(runId: string): string;
  /** True when `forRun` writes its `annex` with each checkpoint, atomically. Defaults to `false`. */
  readonly annexes?: boolean | undefined;
}
