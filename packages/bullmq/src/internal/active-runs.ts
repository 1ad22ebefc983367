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
  stop: StopReason | undefined;
  /** Aborted when the run is cancelled or its lock is lost (not on a hand-over: its step may end). */
  readonly signal: AbortSignal;
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

type Entry = ActiveRun & { controller: AbortController };

/** @internal Creates the registry of a worker's runs in progress. */
export function createActiveRuns(): ActiveRuns {
  const active = new Map<string, Entry>();
  return {
    start(runId, cancelled) {
      const controller = new AbortController();
      const run: Entry = {
        runId,
        stop: cancelled ? "cancelled" : undefined,
        controller,
        signal: controller.signal,
      };
      active.set(runId, run);
      return run;
    },
    end: (runId) => void active.delete(runId),
    stop(runId, reason) {
      const run = active.get(runId);
      if (run === undefined) return;
      run.stop ??= reason;
      if (reason === "handoff") return;
      run.controller.abort(
        reason === "cancelled" ? new RunCancelledError(runId) : new StopRun(reason),
      );
    },
    ids: () => active.keys(),
  };
}
