import {
  ok,
  parseValue,
  SignalPayloadError,
  toMillis,
  type Clock,
  type RunStep,
  type StandardSchemaResult,
  type StandardSchemaV1,
} from "@awaitly/core";
import type { Attempt, Park, RunRecord } from "./run-record";
import type { TestWorkflowRun } from "./types";

/** @internal Thrown inside a waiting step to end the attempt: the environment parks the run. */
export class ParkRun extends Error {
  override readonly name = "ParkRun";
  constructor() {
    super("parked");
  }
}

const FAR_FUTURE_MS = 10 * 365 * 24 * 3600 * 1000;

/** @internal Throws a `TypeError` naming the option unless `schema` is a Standard Schema v1 validator. */
export function assertSchema(where: string, schema: unknown): asserts schema is StandardSchemaV1 {
  const props = (schema as Partial<StandardSchemaV1> | null | undefined)?.["~standard"];
  if (props?.version !== 1 || typeof props.validate !== "function") {
    throw new TypeError(
      `${where}: option "schema" must be a Standard Schema v1 validator (with "~standard"), got ${String(schema)}`,
    );
  }
}

/** @internal Throws a `TypeError` unless `value` is a non-empty string. */
export function assertId(where: string, what: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`${where}: ${what} must be a non-empty string, got ${String(value)}`);
  }
}

/**
 * @internal A run's durable waits, as the worker's: each is a keyed step (a resumed run finds it
 * checkpointed and does not wait again); a wait that cannot end yet records its park on the
 * attempt and throws `ParkRun` out of the step. Times are the environment's clock's.
 */
export function createWaits(
  record: RunRecord,
  attempt: Attempt,
  step: () => RunStep<unknown>,
  clock: Clock,
  onError: (error: Error) => void,
): Pick<TestWorkflowRun, "sleep" | "waitForSignal"> {
  const park = (until: number, wakeField: string | undefined, on: string, stepKey: string) => {
    attempt.parked = { until, wakeField, consume: false, on, stepKey } satisfies Park;
    throw new ParkRun();
  };
  // The first value stands: a body that computes `now + DAY` on every wake must not move it.
  const firstValue = (field: string, value: number): number => {
    if (!record.fields.has(field)) record.fields.set(field, String(value));
    return Number(record.fields.get(field));
  };
  return {
    waitForSignal: ((
      signalName: string,
      options?: { until?: number | undefined; schema?: StandardSchemaV1 | undefined },
    ) => {
      assertId("run.waitForSignal", "the signal name", signalName);
      const schema = options?.schema;
      if (schema !== undefined) assertSchema("run.waitForSignal", schema);
      const given = options?.until;
      if (given !== undefined && !Number.isFinite(given)) {
        throw new RangeError(
          `run.waitForSignal("${signalName}"): option "until" must be a finite ms timestamp, got ${String(given)}`,
        );
      }
      const field = `s:${signalName}`;
      const stepKey = `awaitly:signal:${signalName}`;
      return step()<{ received: true; payload: unknown } | { received: false }, never>(
        async () => {
          const payload = record.fields.get(field);
          if (payload !== undefined) {
            const decoded = parseValue(payload, { root: "payload" });
            const checked: StandardSchemaResult<unknown> = !decoded.ok
              ? { issues: [{ message: decoded.error.message }] }
              : schema === undefined
                ? { value: decoded.value }
                : await schema["~standard"].validate(decoded.value);
            if (checked.issues === undefined) return ok({ received: true, payload: checked.value });
            // Refused: dropped unless a newer payload replaced it, and reported; the run waits on.
            if (record.fields.get(field) === payload) record.fields.delete(field);
            onError(new SignalPayloadError(record.runId, signalName, checked.issues));
          }
          if (given === undefined)
            return park(clock.now() + FAR_FUTURE_MS, field, signalName, stepKey);
          const until = firstValue(`d:${signalName}`, given);
          if (clock.now() >= until) return ok({ received: false });
          return park(until, field, signalName, stepKey);
        },
        { key: stepKey },
      );
    }) as TestWorkflowRun["waitForSignal"],
    sleep: async (key, duration) => {
      const ms = typeof duration === "number" ? duration : toMillis(duration);
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(
          `run.sleep("${key}"): the duration must be finite and ≥ 0, got ${String(ms)} ms`,
        );
      }
      const stepKey = `awaitly:sleep:${key}`;
      await step()(
        () => {
          const wakeAt = firstValue(`t:${key}`, clock.now() + ms);
          return clock.now() >= wakeAt ? ok(undefined) : park(wakeAt, undefined, "sleep", stepKey);
        },
        { key: stepKey },
      );
    },
  };
}
