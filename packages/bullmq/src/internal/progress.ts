import type { ActiveRun } from "./active-runs";

/**
 * @internal Writes the progress of a worker's runs (`{ stepsDone, step }` with `job.updateProgress`)
 * from one timer for the whole worker: every `intervalMs` each run whose progress changed since
 * its last write is written, once it has been running for a full interval. A run whose steps are
 * quick ends before that and pays no round trip; a slow step shows where its run is; one run's
 * writes are at least an interval apart. Returns the function that stops the timer.
 */
export function startProgressTicker(
  runs: () => Iterable<ActiveRun>,
  intervalMs: number,
  onError: (error: Error) => void,
): () => void {
  const timer = setInterval(() => {
    for (const run of runs()) {
      // A run first seen on this tick may have started just before it: wait for the next one.
      if (run.progressTicks++ === 0 || run.stop !== undefined) continue;
      if (run.stepsDone === run.progressWritten) continue;
      run.progressWritten = run.stepsDone;
      run.job.updateProgress({ stepsDone: run.stepsDone, step: run.lastStep }).catch(onError);
    }
  }, intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
