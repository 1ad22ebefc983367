import type { TerminalRunState } from "@awaitly/core";

/**
 * Where a run is in its life, as its run record's `st` field holds it: `queued` once enqueued,
 * `running` while a worker holds it, `parked` while it waits (a sleep, a signal, an approval) as a
 * delayed job, then one terminal state (written once with its outcome: cancel and completion are
 * one compare-and-set).
 */
export type RunState = "queued" | "running" | "parked" | TerminalRunState;
