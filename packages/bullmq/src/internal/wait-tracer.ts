import type {
  RunTracing,
  RunWaitInfo,
  RunWaitKind,
  RunWaitOutcome,
  TraceCarrier,
  WorkflowEvent,
} from "@awaitly/core";
import type { Park } from "./parking";
import { readCarrier } from "./trace-carrier";

/** @internal The tracing part of a park's details (`pm`): when the wait began and who parked. */
export type ParkTrace = { readonly at: number; readonly tc: TraceCarrier | undefined };

type Wake = {
  readonly kind: RunWaitKind;
  readonly on: string;
  readonly stepKey: string | undefined;
  readonly until: number | undefined;
  readonly trace: ParkTrace;
  readonly wokeAt: number;
};

const SIGNAL_STEP = "awaitly:signal:";

// Parks that are waits of the workflow; debounce and concurrency gates are the engine's own.
const kindOf = (on: string, stepKey: string | undefined): RunWaitKind | undefined =>
  stepKey?.startsWith(SIGNAL_STEP)
    ? "signal"
    : on === "sleep" || on === "approval" || on === "children"
      ? on
      : undefined;

/** @internal A stored park's details as a wait, when it is one and was traced. */
function readPark(text: string | null | undefined, now: number): Wake | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    const pm = JSON.parse(text) as {
      on?: unknown;
      until?: unknown;
      stepKey?: unknown;
      at?: unknown;
      tc?: unknown;
    };
    const stepKey = typeof pm.stepKey === "string" ? pm.stepKey : undefined;
    const on = typeof pm.on === "string" ? pm.on : "";
    const kind = kindOf(on, stepKey);
    if (kind === undefined || typeof pm.at !== "number") return undefined;
    const tc = pm.tc === undefined ? undefined : readCarrier(JSON.stringify(pm.tc));
    const until = typeof pm.until === "number" ? pm.until : undefined;
    return { kind, on, stepKey, until, trace: { at: pm.at, tc }, wokeAt: now };
  } catch {
    return undefined;
  }
}

/** @internal Reports parked waits to `tracing.wait`: the park's start travels in the run record. */
export interface WaitTracer {
  /** The park details to store for `park`: a wait that goes on keeps the time it began. */
  parking(runId: string, park: Park): Park;
  /** A delivery that started at `wokeAt` woke the run from the park whose details (`pm`) it read. */
  woke(runId: string, queue: string, pm: string | null | undefined, wokeAt: number): void;
  /** The engine's events: the waiting step's completion says how the wait ended. */
  onEvent(event: WorkflowEvent<unknown, unknown>, runId: string): void;
  /** The woken attempt ended: a wake it did not get past ends here. */
  settled(runId: string, failed: boolean): void;
  /** A parked run was cancelled: its wait ends `cancelled` (the park details read before the cancel). */
  cancelled(runId: string, queue: string, pm: string | null | undefined): void;
}

/** @internal The wait side of run tracing; `undefined` when the tracing hook has no `wait`. */
export function createWaitTracer(tracing: RunTracing): WaitTracer | undefined {
  const report = tracing.wait?.bind(tracing);
  if (report === undefined) return undefined;
  // Woken runs whose wait has not ended yet: one entry per active attempt, dropped when it ends.
  const pending = new Map<string, Wake & { queue: string }>();

  const end = (runId: string, outcome: RunWaitOutcome) => {
    const wake = pending.get(runId);
    if (wake === undefined) return;
    pending.delete(runId);
    emit(runId, wake.queue, wake, outcome, wake.wokeAt);
  };
  const emit = (
    runId: string,
    queue: string,
    wake: Omit<Wake, "wokeAt">,
    outcome: RunWaitOutcome,
    endedAt: number,
  ) => {
    const info: RunWaitInfo = {
      runId,
      queue,
      kind: wake.kind,
      ...(wake.kind === "signal" ? { signal: wake.on } : {}),
      stepKey: wake.stepKey,
      until: wake.until,
      parkedAt: wake.trace.at,
      endedAt,
      outcome,
      parent: wake.trace.tc,
    };
    try {
      report(info);
    } catch {
      // Tracing never fails a run.
    }
  };

  return {
    parking(runId, park) {
      const wake = pending.get(runId);
      if (wake !== undefined && wake.stepKey === park.stepKey) {
        // The same wait parks again (a recheck, a child of several finished): one span for all of it.
        pending.delete(runId);
        return { ...park, trace: wake.trace };
      }
      // Parking on something else means the woken wait was passed (an approval has no step event).
      if (wake !== undefined) end(runId, wake.kind === "approval" ? "received" : "abandoned");
      // An untraced run (no recording attempt span) stores nothing more.
      const tc = tracing.inject();
      return tc === undefined ? park : { ...park, trace: { at: Date.now(), tc } };
    },
    woke(runId, queue, pm, wokeAt) {
      const wake = readPark(pm, wokeAt);
      if (wake !== undefined) pending.set(runId, { ...wake, queue });
    },
    onEvent(event, runId) {
      if (event.type !== "step_complete" || !event.result.ok) return;
      const wake = pending.get(runId);
      if (wake === undefined || wake.stepKey !== event.stepKey) return;
      const value = event.result.value as { received?: unknown } | undefined;
      end(
        runId,
        wake.kind === "signal"
          ? value?.received === true
            ? "received"
            : "timed_out"
          : wake.kind === "sleep"
            ? "elapsed"
            : wake.kind === "children"
              ? "completed"
              : "received",
      );
    },
    settled(runId, failed) {
      const wake = pending.get(runId);
      if (wake !== undefined)
        end(runId, wake.kind === "approval" && !failed ? "received" : "abandoned");
    },
    cancelled(runId, queue, pm) {
      const wake = readPark(pm, Date.now());
      if (wake !== undefined) emit(runId, queue, wake, "cancelled", wake.wokeAt);
    },
  };
}
