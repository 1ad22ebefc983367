import {
  terminalStateOf,
  type Result,
  type TerminalRunState,
  type WireResult,
} from "@awaitly/core";

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

/**
 * @internal The terminal state of a run whose outcome is `result`, stored as `wire`: an outcome the
 * codec refused is stored as an `UnexpectedError`, so the run failed.
 */
export const storedStateOf = (
  result: Result<unknown, unknown, unknown>,
  wire: WireResult,
): TerminalRunState => (result.ok && !wire.ok ? "failed" : terminalStateOf(result));
