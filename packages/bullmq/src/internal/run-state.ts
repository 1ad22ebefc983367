import { isUnexpectedError, type Result, type WireResult } from "@awaitly/core";
import { isRunCancelledError } from "../errors";
import type { TerminalRunState } from "../run-state";

/**
 * @internal Fields of a run record (`<prefix>:<queue>:awaitly:run:<jobId>`), in one place:
 * `h` input hash, `st` state (`RunState`), `o` encoded outcome (written once, with a terminal
 * `st`), `x` `"1"` once a cancel was asked, `p` the signal field a parked run waits for
 * (`s:<name>`), `w` park/wake count, `r` resume flag, `s:<name>` signal payloads, `t:<key>` sleeps.
 */
export const RECORD_FIELDS = {
  hash: "h",
  state: "st",
  outcome: "o",
  cancel: "x",
  parkedOn: "p",
  wakes: "w",
  resume: "r",
} as const;

/** @internal The terminal state of a run whose outcome is `result`, stored as `wire`. */
export function terminalStateOf(
  result: Result<unknown, unknown, unknown>,
  wire: WireResult,
): TerminalRunState {
  if (result.ok) return wire.ok ? "ok" : "failed";
  if (isRunCancelledError(result.error)) return "cancelled";
  return isUnexpectedError(result.error) ? "failed" : "err";
}

/** @internal The terminal state of a stored outcome (for one read back from a job). */
export function terminalStateOfWire(wire: WireResult): TerminalRunState {
  if (wire.ok) return "ok";
  const type = (wire.error as { type?: unknown } | null | undefined)?.type;
  if (type === "RUN_CANCELLED") return "cancelled";
  return type === "UNEXPECTED_ERROR" ? "failed" : "err";
}
