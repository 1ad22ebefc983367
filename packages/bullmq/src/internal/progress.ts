import type { Job } from "bullmq";

/** @internal What a run reports as its progress: steps checkpointed, and the latest one. */
export type RunProgress = { stepsDone: number; step: string };

/** @internal Reports one run's progress, at most once per interval. */
export interface ProgressReporter {
  /** Notes the latest progress; it is written at the end of the current interval. */
  report(progress: RunProgress): void;
  /** Drops a pending write (the run ended). */
  stop(): void;
}

/**
 * @internal Progress is written at most every `intervalMs` per run (trailing): a run whose steps
 * are quick pays no extra round trip, a slow step shows where the run is. Nothing is written once
 * `stopped()` says the run stopped.
 */
export function createProgressReporter(
  job: Job,
  intervalMs: number,
  stopped: () => boolean,
  onError: (error: Error) => void,
): ProgressReporter {
  let latest: RunProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    report(progress) {
      latest = progress;
      timer ??= setTimeout(() => {
        timer = undefined;
        if (latest !== undefined && !stopped()) job.updateProgress(latest).catch(onError);
      }, intervalMs);
    },
    stop: () => clearTimeout(timer),
  };
}
