import { assertKnownOptions } from "@awaitly/core";
import type { VirtualClock } from "../virtual-clock";
import type { StandardSchemaV1 } from "@awaitly/core";
import type { TestEnvironmentOptions } from "./types";
import type { WorkflowEvent } from "@awaitly/core";

/** The defaults `createTestEnvironment` applies (the worker's and queue's own). */
export const DEFAULT_TEST_ENVIRONMENT_OPTIONS = {
  attempts: 5,
  backoffMs: 1000,
  approvalRecheckMs: 60_000,
  crashRecoveryMs: 15_000,
} as const;

const KNOWN = [
  "clock",
  "attempts",
  "backoffMs",
  "retryOn",
  "approvalRecheckMs",
  "crashRecoveryMs",
  "signals",
  "onEvent",
  "onError",
];

/** @internal The environment's options, checked once, with defaults applied. */
export type ResolvedEnvironmentOptions<TError> = {
  readonly clock: VirtualClock | undefined;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly retryOn: ((error: TError) => boolean) | undefined;
  readonly approvalRecheckMs: number;
  readonly crashRecoveryMs: number;
  readonly signals: Readonly<Record<string, StandardSchemaV1>>;
  readonly onEvent: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined;
  readonly onError: (error: Error) => void;
};

const where = "createTestEnvironment";

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${where}: option "${name}" must be a whole number ≥ ${String(min)}, got ${String(value)}`,
    );
  }
  return value;
}

function callback<T>(name: string, value: T): T {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${where}: option "${name}" must be a function, got ${typeof value}`);
  }
  return value;
}

/** @internal Checks `createTestEnvironment`'s options; errors name the option. */
export function resolveEnvironmentOptions<TError>(
  options: TestEnvironmentOptions<TError>,
): ResolvedEnvironmentOptions<TError> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  }
  assertKnownOptions(where, options, KNOWN);
  const d = DEFAULT_TEST_ENVIRONMENT_OPTIONS;
  const { clock } = options;
  if (
    clock !== undefined &&
    (typeof clock.advance !== "function" || typeof clock.now !== "function")
  ) {
    throw new TypeError(`${where}: option "clock" must be a virtual clock (createVirtualClock())`);
  }
  const signals = options.signals ?? {};
  if (typeof signals !== "object" || signals === null) {
    throw new TypeError(`${where}: option "signals" must be an object of schemas by signal name`);
  }
  return {
    clock,
    attempts: count("attempts", options.attempts ?? d.attempts, 1),
    backoffMs: count("backoffMs", options.backoffMs ?? d.backoffMs, 0),
    retryOn: callback("retryOn", options.retryOn),
    approvalRecheckMs: count(
      "approvalRecheckMs",
      options.approvalRecheckMs ?? d.approvalRecheckMs,
      1,
    ),
    crashRecoveryMs: count("crashRecoveryMs", options.crashRecoveryMs ?? d.crashRecoveryMs, 0),
    signals,
    onEvent: callback("onEvent", options.onEvent),
    onError: callback("onError", options.onError) ?? (() => {}),
  };
}
