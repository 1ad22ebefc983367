import type { Result } from "../result/result";
import type { StepFailureMeta } from "./early-exit";

/** A synchronous keyed-step cache; a `Map` satisfies it. */
export interface StepCache {
  get(key: string): Result<unknown, unknown, unknown> | undefined;
  set(key: string, result: Result<unknown, unknown, unknown>): void;
  has(key: string): boolean;
  delete(key: string): boolean;
  clear(): void;
}

/** One completed keyed step, as collected from `step_complete` and replayed by a resume. */
export interface ResumeStateEntry {
  result: Result<unknown, unknown, unknown>;
  meta?: StepFailureMeta | undefined;
  /**
   * Where the body asked for the step: the position, among the run's distinct keyed steps, of the
   * first step of its group (steps asked for together share one). A resumed run checks it to
   * report drift; entries without it (saved by older versions) are not checked.
   */
  order?: number | undefined;
}
