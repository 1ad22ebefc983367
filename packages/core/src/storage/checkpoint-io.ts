import type { ResumeStateEntry } from "../run/step-cache";
import type { ResumeState } from "../workflow/types";
import type { CheckpointAnnex } from "./checkpointer";
import type { Fence } from "./fence";

/**
 * How a fenced change ended: `"written"`, `"lost"` (another holder has the lock, or the lease
 * expired) or `"superseded"` (a later change of this holder, or of a newer one, landed first).
 */
export type CheckpointWriteStatus = "written" | "lost" | "superseded";

/**
 * The reads and writes a store supplies to the checkpoint policy (`createCheckpointHooks` in
 * `@awaitly/persistence`), which decides what is saved and when the fence is checked. A fenced
 * `write`/`remove` must check `fence` in the same statement or script as the change, where the
 * store can; an unfenced one (`fence` undefined) is unconditional.
 */
export interface CheckpointIO<TFence extends Fence = Fence> {
  /** The run's saved steps (empty when none). */
  load: (runId: string) => Promise<ResumeState>;
  /**
   * Stores one step entry, replacing any earlier one for the key; `annex`, when given, is written in
   * the same atomic change and only when the entry is (a store that cannot never gets one).
   */
  write: (
    runId: string,
    stepKey: string,
    entry: ResumeStateEntry,
    fence: TFence | undefined,
    annex?: CheckpointAnnex,
  ) => Promise<CheckpointWriteStatus>;
  /** Deletes one step entry (absent ones too), so a resumed run runs the step again. */
  remove: (
    runId: string,
    stepKey: string,
    fence: TFence | undefined,
  ) => Promise<CheckpointWriteStatus>;
  /** Deletes every entry of the run; resolves whether any existed. */
  delete: (runId: string) => Promise<boolean>;
  /** Run ids with saved steps. */
  list: () => Promise<string[]>;
}
