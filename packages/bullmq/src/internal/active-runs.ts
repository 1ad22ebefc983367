import { RunCancelledError, type CheckpointHooks } from "@awaitly/core";
import type { Job } from "bullmq";

/** @internal Why a run must stop before its next step. */
export type StopReason = "cancelled" | "lock-lost" | "handoff" | "deadline";

/** @internal Thrown to stop a run that must not start another step. */
export class StopRun extends Error {
  override readonly name = "StopRun";
}

const stopError = (runId: string, reason: StopReason): Error =>
  reason === "cancelled" ? new RunCancelledError(runId) : new StopRun(reason);

/**
 * @internal A run in progress on this worker: the context of its workflow call, so the worker's
 * call hooks (one set for all runs) find its state. A class, not a record of closures: one is made
 * per job on the hot path and its methods are shared. Its `AbortController` exists only once
 * something reads `signal`, and its interrupt only while the worker waits for its workflow.
 */
export class ActiveRun {
  /** Set once the run must stop; the first reason wins. */
  stop: StopReason | undefined;
  /** The run's checkpoint hooks (set before its workflow starts). */
  checkpoints!: CheckpointHooks;
  /** Keyed steps done so far, and the latest one (its progress). */
  stepsDone = 0;
  lastStep = "";
  /** When each keyed step in progress started (for the run's step timeline). */
  readonly stepStarts = new Map<string, number>();
  /** Keyed steps started in this attempt, and each one's number among them. */
  stepsStarted = 0;
  readonly stepSequence = new Map<string, number>();
  /** Timeline entries of done steps waiting to ride on their checkpoint's write (made on first use). */
  annexed: Map<string, string> | undefined;
  /** `stepsDone` as last written to the job's progress; progress ticks this run has seen. */
  progressWritten = 0;
  progressTicks = 0;
  /** The deadline error that stopped the run (with stop `"deadline"`). */
  deadline: Error | undefined;
  private controller: AbortController | undefined;
  private interrupt: (() => void) | undefined;

  constructor(
    readonly runId: string,
    readonly job: Job,
  ) {}

  /** Aborted when the run is cancelled or its lock is lost (not on a hand-over: its step may end). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.stop !== undefined && this.stop !== "handoff") {
        this.controller.abort(this.deadline ?? stopError(this.runId, this.stop));
      }
    }
    return this.controller.signal;
  }

  /**
   * Stops the run before its next step; a cancel, lost lock or deadline also aborts it and its wait. The first
   * reason wins, except that a cancel or lost lock overrides a hand-over (a run cancelled while its
   * worker closes ends cancelled instead of being handed on).
   */
  halt(reason: StopReason): void {
    if (this.stop === undefined || this.stop === "handoff") this.stop = reason;
    if (reason === "handoff") return;
    this.controller?.abort(stopError(this.runId, reason));
    this.interrupt?.();
  }

  /** Ends the run with a deadline error: aborts its signal and stops waiting for its step. */
  expire(error: Error): void {
    if (this.stop !== undefined && this.stop !== "handoff") return;
    this.stop = "deadline";
    this.deadline = error;
    this.controller?.abort(error);
    this.interrupt?.();
  }

  /** Stops waiting for a run being handed back whose step did not end in time (closing worker). */
  abandon(): void {
    this.stop ??= "handoff";
    this.controller?.abort(new StopRun("handoff"));
    this.interrupt?.();
  }

  /**
   * Resolves with `settled` once it does, or with `undefined` as soon as the run is cancelled or
   * loses its lock: the worker then stops waiting for a step that ignores the signal.
   */
  untilStopped<T>(settled: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      if (this.stop !== undefined && this.stop !== "handoff") resolve(undefined);
      this.interrupt = () => resolve(undefined);
      settled.then(resolve, reject);
    });
  }
}

/** @internal The runs a worker has in progress, by run id. */
export interface ActiveRuns {
  /** Registers a run that starts. */
  start(runId: string, job: Job): ActiveRun;
  /** Forgets a run that ended here. */
  end(runId: string): void;
  /** Tells a run that it must stop, if it runs here. */
  stop(runId: string, reason: StopReason): void;
  /** The runs in progress. */
  readonly runs: () => IterableIterator<ActiveRun>;
}

/** @internal Creates the registry of a worker's runs in progress. */
export function createActiveRuns(): ActiveRuns {
  const active = new Map<string, ActiveRun>();
  return {
    start(runId, job) {
      const run = new ActiveRun(runId, job);
      active.set(runId, run);
      return run;
    },
    end: (runId) => void active.delete(runId),
    stop: (runId, reason) => active.get(runId)?.halt(reason),
    runs: () => active.values(),
  };
}
