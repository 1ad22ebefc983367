/**
 * Where a run is in its life, as its run record's `st` field holds it: `queued` once enqueued,
 * `running` while a worker holds it, `parked` while it waits (a sleep, a signal, an approval) as a
 * delayed job, then one terminal state.
 */
export type RunState = "queued" | "running" | "parked" | TerminalRunState;

/**
 * How a run ended, written once with its outcome (cancel and completion are one compare-and-set):
 * `ok` (a value), `err` (the workflow's own error), `failed` (an exception, retries exhausted, or
 * an outcome the wire codec refused: an `UnexpectedError`) or `cancelled`.
 */
export type TerminalRunState = "ok" | "err" | "failed" | "cancelled";
