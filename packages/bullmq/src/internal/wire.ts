import {
  decodeOutcome as decodeWithClasses,
  decodeValue,
  encodeOutcome,
  err,
  runErrorClasses,
  type OutcomeErrorClass,
  type Result,
  type UnexpectedError,
} from "@awaitly/core";
import { RedisUnavailableError, RunDeadlineError, StepDeadlineError } from "../errors";

// What the engine makes of a value it cannot store or read: the run's outcome is this error, whose
// cause (a WireEncodeError or WireDecodeError) names the path.
const unexpected = (thrown: unknown): UnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown },
});

// A run's outcome as stored (the job's return value, the run record's `o`) and read back: core's
// durable-outcome codec, shared with @awaitly/testing's environment, knowing this engine's errors.
export { encodeOutcome } from "@awaitly/core";

let errorClasses: ReadonlyArray<OutcomeErrorClass> | undefined;

/** @internal A stored outcome read back, its run errors (core's and this engine's) of their class again. */
export function decodeOutcome(text: string): Result<unknown, unknown, unknown> {
  errorClasses ??= [
    ...runErrorClasses(),
    ["STEP_DEADLINE", "StepDeadlineError", StepDeadlineError.prototype],
    ["RUN_DEADLINE", "RunDeadlineError", RunDeadlineError.prototype],
    ["REDIS_UNAVAILABLE", "RedisUnavailableError", RedisUnavailableError.prototype],
  ];
  return decodeWithClasses(text, errorClasses);
}

/** @internal A run's input from its job data (plain JSON reads as itself); unreadable data is an `Err`. */
export function decodeInput(data: unknown): Result<unknown, UnexpectedError> {
  const decoded = decodeValue(data, { root: "input" });
  return decoded.ok ? decoded : err(unexpected(decoded.error));
}

/**
 * @internal The outcome of a run whose job failed for good without one (an exception outside the
 * workflow, a job BullMQ failed itself): an `UnexpectedError` carrying the failure reason.
 */
export function failedOutcome(reason: string): string {
  return JSON.stringify(encodeOutcome(err(unexpected(new Error(reason)))));
}
