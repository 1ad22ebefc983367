import { RunCancelledError } from "../errors";

/** @internal Why a run must stop before its next step. */
export type StopReason = "cancelled" | "lock-lost" | "handoff";

/** @internal Thrown to stop a run that must not start another step. */
export class StopRun extends Error {
  override readonly name = "StopRun";
}

/** @internal A run in progress on this worker. */
export interface ActiveRun {
  readonly runId: string;
  /** Set once the run must stop; the first reason wins. */
  readonly stop: StopReason | undefined;
  /**
   * Aborted when the run is cancelled or its lock is lost (not on a hand-over: its step may end).
   * Created on first access: a run nobody asks for a signal costs no `AbortController`.
   */
  readonly signal: AbortSignal;
  /** Marks the run stopped (first reason wins) without interrupting it: a lost write found out. */
  markStopped(reason: StopReason): void;
  /**
   * Resolves with `settled` once it does, or with `undefined` as soon as the run is cancelled or
   * loses its lock: the worker then stops waiting for a step that ignores the signal.
   */
  untilStopped<T>(settled: Promise<T>): Promise<T | undefined>;
}

/** @internal The runs a worker has in progress, by run id. */
export interface ActiveRuns {
  /** Registers a run that starts; `cancelled` marks one whose cancel arrived first. */
  start(runId: string, cancelled: boolean): ActiveRun;
  /** Forgets a run that ended here. */
  end(runId: string): void;
  /** Tells a run that it must stop, if it runs here. */
  stop(runId: string, reason: StopReason): void;
  /** The ids of the runs in progress. */
  ids(): IterableIterator<string>;
}

const stopError = (runId: string, reason: StopReason): Error =>
  reason === "cancelled" ? new RunCancelledError(runId) : new StopRun(reason);

// A class, not a closure record: one is made per job on the hot path, and its methods are shared.
// The controller and the interrupt exist only when something needs them.
class Run implements ActiveRun {
  stop: StopReason | undefined;
  private controller: AbortController | undefined;
  private interrupt: (() => void) | undefined;

  constructor(readonly runId: string) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.stop !== undefined && this.stop !== "handoff") {
        this.controller.abort(stopError(this.runId, this.stop));
      }
    }
    return this.controller.signal;
  }

  markStopped(reason: StopReason): void {
    this.stop ??= reason;
  }

  halt(reason: StopReason): void {
    this.stop ??= reason;
    if (reason === "handoff") return;
    this.controller?.abort(stopError(this.runId, reason));
    this.interrupt?.();
  }

  untilStopped<T>(settled: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      if (this.stop !== undefined && this.stop !== "handoff") resolve(undefined);
      this.interrupt = () => resolve(undefined);
      settled.then(resolve, reject);
    });
  }
}

/** @internal Creates the registry of a worker's runs in progress. */
export function createActiveRuns(): ActiveRuns {
  const active = new Map<string, Run>();
  return {
    start(runId, cancelled) {
      const run = new Run(runId);
      if (cancelled) run.stop = "cancelled";
      active.set(runId, run);
      return run;
    },
    end: (runId) => void active.delete(runId),
    stop: (runId, reason) => active.get(runId)?.halt(reason),
    ids: () => active.keys(),
  };
}
