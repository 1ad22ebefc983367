import { assertKnownOptions } from "@awaitly/core";
import { assertWellFormedText } from "@awaitly/persistence";
import type { EnqueueOptions, ScheduleSpec } from "../workflow-queue-types";
import { MAX_TIMER_MS } from "./option-checks";

const ENQUEUE_OPTIONS = ["runId", "delay", "priority", "trace", "concurrencyKey"];
const MAX_PRIORITY = 2_097_152;

/**
 * @internal Checks a run id, a signal name or a schedule id at the boundary: a non-empty string
 * of well-formed text (a lone surrogate would be stored as U+FFFD and alias another id).
 */
export function assertId(where: string, what: string, value: unknown): string {
  if (value === "") throw new TypeError(`${where}: ${what} must be a non-empty string, got ""`);
  return assertWellFormedText(where, what, value);
}

/**
 * @internal Checks `enqueue`'s options (or a child spec's, whose `known` names differ) from plain
 * JavaScript: known names, meaningful values.
 */
export function checkEnqueueOptions(
  options: EnqueueOptions,
  where = "WorkflowQueue.enqueue",
  known: readonly string[] = ENQUEUE_OPTIONS,
): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  }
  assertKnownOptions(where, options, known);
  if (options.runId !== undefined) assertId(where, 'option "runId"', options.runId);
  if (options.concurrencyKey !== undefined) {
    assertId(where, 'option "concurrencyKey"', options.concurrencyKey);
  }
  const { delay, priority } = options;
  if (delay !== undefined && (!Number.isFinite(delay) || delay < 0)) {
    throw new RangeError(
      `${where}: option "delay" must be a finite number of ms ≥ 0, got ${String(delay)}`,
    );
  }
  if (
    priority !== undefined &&
    (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY)
  ) {
    throw new RangeError(
      `${where}: option "priority" must be an integer from 0 to ${String(MAX_PRIORITY)}, got ${String(priority)}`,
    );
  }
}

/** @internal Checks a schedule's `when` from plain JavaScript: `{ every }` or `{ pattern, tz }`. */
export function checkScheduleSpec(when: ScheduleSpec): void {
  const where = "WorkflowQueue.schedule";
  if (typeof when !== "object" || when === null) {
    throw new TypeError(
      `${where}: "when" must be { every } or { pattern, tz }, got ${String(when)}`,
    );
  }
  assertKnownOptions(where, when, ["every", "pattern", "tz"]);
  if ("every" in when) {
    const { every } = when;
    if (!Number.isInteger(every) || every <= 0 || every > MAX_TIMER_MS) {
      throw new RangeError(
        `${where}: option "every" must be a whole number of ms from 1 to ${String(MAX_TIMER_MS)}, got ${String(every)}`,
      );
    }
    return;
  }
  if (typeof when.pattern !== "string" || when.pattern.trim() === "") {
    throw new TypeError(
      `${where}: option "pattern" must be a cron pattern such as "0 * * * *", got ${String(when.pattern)}`,
    );
  }
  if (when.tz !== undefined && typeof when.tz !== "string") {
    throw new TypeError(
      `${where}: option "tz" must be an IANA time zone name, got ${String(when.tz)}`,
    );
  }
}
