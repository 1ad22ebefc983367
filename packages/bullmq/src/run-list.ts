import type { Result, UnexpectedError } from "@awaitly/core";
import type { RunError } from "./errors";

/** Where a run is in its life; a run is in exactly one status at a time. */
export type RunStatus = "waiting" | "active" | "parked" | "completed" | "failed" | "cancelled";

/** Every `RunStatus`, in the order a run list shows them. */
export const RUN_STATUSES: readonly RunStatus[] = [
  "waiting",
  "active",
  "parked",
  "completed",
  "failed",
  "cancelled",
];

/** Which runs `queue.runs()` lists; every field narrows the list. */
export interface RunsFilter {
  /** Only runs in this status. Defaults to any status. */
  status?: RunStatus | undefined;
  /** Only failed runs whose error has this `type` (an `Error`'s `name` when it has no `type`). */
  errorType?: string | undefined;
  /** Only parked runs waiting on this: a signal's name, `"sleep"` or `"approval"`. */
  parkedOn?: string | undefined;
  /** Only runs that entered their status at or after this time (epoch ms or `Date`). */
  since?: number | Date | undefined;
  /** Only runs that entered their status at or before this time (epoch ms or `Date`). */
  until?: number | Date | undefined;
  /** The `cursor` of the previous page. Defaults to the first page. */
  cursor?: string | undefined;
  /** Runs per page, 1 to 1000. Defaults to `50`. */
  limit?: number | undefined;
}

/** One run of a run list. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  /** When the run entered its status (epoch ms). */
  updatedAt: number;
  /** When the run was enqueued (epoch ms), when known. */
  createdAt: number | undefined;
  /** The `type` of a failed run's error. */
  errorType: string | undefined;
  /** What a parked run waits on (a signal's name, `"sleep"`, `"approval"`). */
  parkedOn: string | undefined;
  /** Why a waiting run has not started: `"concurrency"` while its key has no free slot. */
  waitingOn: RunWaitingOn | undefined;
}

/** Why a waiting run has not started: every slot of its concurrency key is taken. */
export type RunWaitingOn = "concurrency";

/** One page of runs, newest status change first. */
export interface RunsPage {
  runs: RunSummary[];
  /** Pass it as `cursor` for the next page; `undefined` on the last page. */
  cursor: string | undefined;
}

/** What a parked run waits on. */
export interface RunParkedOn {
  /** A signal's name, `"sleep"` or `"approval"`. */
  on: string;
  /** When the park ends by itself (a signal's deadline, a sleep's end, the next approval check), epoch ms. */
  until: number | undefined;
  /** The key of the step that parked the run (for an approval, the approval's key). */
  stepKey: string | undefined;
}

/** A keyed step of a run as its timeline shows it. */
export interface RunStepInfo {
  /** The step's key. */
  key: string;
  /** The step's name (its key: keyed steps are named by it). */
  name: string;
  /**
   * `completed`, `failed`, `cached` (checkpointed with no timing kept), or `compensated` (it
   * completed, and a saga compensation that ran after it undid its work).
   */
  status: "completed" | "failed" | "cached" | "compensated";
  /** When it started (epoch ms), when known. */
  startedAt: number | undefined;
  /** How long it ran (ms), when known. */
  durationMs: number | undefined;
  /** The `type` of its error, when it failed. */
  errorType: string | undefined;
  /** Its error's message, when it failed with one. */
  errorMessage: string | undefined;
}

/** A saga compensation that ran in a run (`@awaitly/saga`'s `runSagaStep`), as its record shows it. */
export interface RunCompensationInfo {
  /** The name of the saga step it undid, when it has one. */
  name: string | undefined;
  /** The keys of the keyed steps whose work it undid (`checkpointedStep` keys; may be empty). */
  stepKeys: string[];
  /** `completed` when the undo succeeded, `failed` when it threw. */
  status: "completed" | "failed";
  /** When it started (epoch ms). */
  startedAt: number;
  /** How long it ran (ms). */
  durationMs: number;
  /** The `type` of what it threw (an `Error`'s `name` when it has no `type`), when it failed. */
  errorType: string | undefined;
  /** The message of what it threw, when it failed with one. */
  errorMessage: string | undefined;
}

/** Everything the queue knows of one run (`queue.run(runId)`). */
export interface RunInfo<TInput, TValue, TError> {
  runId: string;
  status: RunStatus;
  /** The run's input, while its job is kept. */
  input: TInput | undefined;
  /** Attempts started (a park and its wake are one attempt). */
  attempts: number;
  /** The version the run was enqueued with, when the queue has a `version` (only its workers take it). */
  version: string | undefined;
  createdAt: number | undefined;
  startedAt: number | undefined;
  /** When the run entered its status. */
  updatedAt: number | undefined;
  finishedAt: number | undefined;
  /** What a parked run waits on. */
  parkedOn: RunParkedOn | undefined;
  /** Why a waiting run has not started: `"concurrency"` while its key has no free slot. */
  waitingOn: RunWaitingOn | undefined;
  /** The `type` of a failed run's error. */
  errorType: string | undefined;
  /** The run's own `Result` once it finished. */
  outcome: Result<TValue, TError | UnexpectedError | RunError> | undefined;
  /** Its keyed steps in the order they started. */
  steps: RunStepInfo[];
  /** The saga compensations that ran, in the order they started (kept across attempts). */
  compensations: RunCompensationInfo[];
}

/** How many runs of one version are still in flight (`queue.versions()`). */
export interface VersionCounts {
  /** Runs waiting for a worker of the version (a retry waiting for its delay included). */
  waiting: number;
  /** Runs a worker of the version is running. */
  active: number;
  /** Runs parked (sleeping, waiting for a signal, an approval, children or a slot). */
  parked: number;
}
