import type { TerminalRunState } from "@awaitly/core";
import type { TestParkedOn, TestRunInfo, TestRunStatus, TestStepInfo } from "./types";

/** @internal Where and until when a run parks (as the worker's `Park`). */
export type Park = {
  readonly until: number;
  /** The record field whose arrival wakes the run (`s:<signal>`, `r` for a resume), if any. */
  readonly wakeField: string | undefined;
  /** Whether that field is consumed on waking (a resume flag is; a signal stays for the step). */
  readonly consume: boolean;
  readonly on: string;
  readonly stepKey: string | undefined;
};

/** @internal One attempt of a run in progress. */
export type Attempt = {
  readonly runId: string;
  readonly controller: AbortController;
  /** Crashed: its process is gone, nothing it does lands any more. */
  dead: boolean;
  cancelled: boolean;
  /** The park a wait asked for. */
  parked: Park | undefined;
  /** A call the environment does not support (`run.child`): the run fails for good with it. */
  unsupported: Error | undefined;
  /** Stops waiting for the body (a cancel or a crash). */
  interrupt: (() => void) | undefined;
  /** When each keyed step in progress started, and its place among the run's step starts. */
  readonly stepStarts: Map<string, { at: number; sequence: number }>;
};

/** @internal A keyed step's timeline entry. */
export type TimelineEntry = Omit<TestStepInfo, "key" | "name" | "status"> & {
  ok: boolean;
  /** Started-order across the run's attempts: orders steps that started at the same virtual ms. */
  sequence: number;
};

/** @internal Everything the environment keeps of one run (the worker's run record, job and checkpoints). */
export type RunRecord = {
  readonly runId: string;
  /** The input as stored (wire-encoded JSON); also what a second start compares. */
  readonly input: string;
  status: TestRunStatus;
  /** The stored outcome (wire-encoded JSON), once the run ended. */
  outcome: string | undefined;
  state: TerminalRunState | undefined;
  attemptsStarted: number;
  /** Parks (each is followed by a wake that is no new attempt). */
  wakes: number;
  /** Failed attempts (BullMQ's `attemptsMade`). */
  attemptsMade: number;
  /** Signal payloads (`s:<name>`), first deadlines (`d:<name>`), sleeps' wake times (`t:<key>`), the resume flag (`r`). */
  readonly fields: Map<string, string>;
  /** The signal field a parked run waits for. */
  waitingFor: string | undefined;
  parkedOn: TestParkedOn | undefined;
  cancelAsked: boolean;
  crashAfter: string | undefined;
  readonly checkpoints: Map<string, string>;
  readonly timeline: Map<string, TimelineEntry>;
  stepsStarted: number;
  attempt: Attempt | undefined;
  /** The pending wake, retry or crash recovery: cancels it. */
  cancelTimer: (() => void) | undefined;
  /** Delayed (a park or a retry backoff): a signal or resume promotes it. */
  delayed: boolean;
};

/** @internal A new run record. */
export function createRecord(
  runId: string,
  input: string,
  crashAfter: string | undefined,
): RunRecord {
  return {
    runId,
    input,
    status: "waiting",
    outcome: undefined,
    state: undefined,
    attemptsStarted: 0,
    wakes: 0,
    attemptsMade: 0,
    fields: new Map(),
    waitingFor: undefined,
    parkedOn: undefined,
    cancelAsked: false,
    crashAfter,
    checkpoints: new Map(),
    timeline: new Map(),
    stepsStarted: 0,
    attempt: undefined,
    cancelTimer: undefined,
    delayed: false,
  };
}

const STATUS_OF: Readonly<Record<TerminalRunState, TestRunStatus>> = {
  ok: "completed",
  err: "failed",
  failed: "failed",
  cancelled: "cancelled",
};

/** @internal The run status of a terminal state. */
export const statusOf = (state: TerminalRunState): TestRunStatus => STATUS_OF[state];

/** @internal The run's steps in the order they started: timeline entries, then checkpoints without one first. */
export function stepsOf(record: RunRecord): TestStepInfo[] {
  const steps: Array<TestStepInfo & { sequence: number }> = [];
  for (const [key, entry] of record.timeline) {
    steps.push({
      key,
      name: key,
      status: entry.ok ? "completed" : "failed",
      startedAt: entry.startedAt,
      durationMs: entry.durationMs,
      errorType: entry.errorType,
      errorMessage: entry.errorMessage,
      sequence: entry.sequence,
    });
  }
  for (const key of record.checkpoints.keys()) {
    if (record.timeline.has(key)) continue;
    steps.push({
      key,
      name: key,
      status: "cached",
      startedAt: undefined,
      durationMs: undefined,
      errorType: undefined,
      errorMessage: undefined,
      sequence: 0,
    });
  }
  return steps
    .sort(
      (a, b) =>
        (a.startedAt ?? Number.NEGATIVE_INFINITY) - (b.startedAt ?? Number.NEGATIVE_INFINITY) ||
        a.sequence - b.sequence,
    )
    .map(({ sequence: _sequence, ...step }) => step);
}

/** @internal What `env.run(runId)` shows. */
export function infoOf(record: RunRecord): TestRunInfo {
  return {
    runId: record.runId,
    status: record.status,
    // As the queue counts them: wakes from a park are no new attempt.
    attempts: Math.max(0, record.attemptsStarted - record.wakes),
    parkedOn: record.status === "parked" ? record.parkedOn : undefined,
    steps: stepsOf(record),
  };
}
