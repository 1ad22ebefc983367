import {
  ok,
  parseValue,
  SignalPayloadError,
  toMillis,
  type Clock,
  type RunStep,
  type RunTracing,
  type StandardSchemaV1,
} from "@awaitly/core";
import { DelayedError, type Job } from "bullmq";
import { DROP_FIELD_IF } from "../scripts/drop-field-if-1.lua";
import { PARKED } from "../scripts/parked-3.lua";
import type { WorkflowRun } from "../workflow-run";
import { jobIdOf, runIdOf, type QueueKeys, type RunJobData } from "./keys";
import { carrierFieldOf, readCarrier } from "./trace-carrier";
import type { ParkTrace } from "./wait-tracer";
import type { RedisClient } from "./option-checks";
import { assertId } from "./boundary";
import { runScript } from "./run-script";
import { assertSchema, validate } from "./validate";

/** @internal Where and for how long a run parks: the job is delayed until `until`. */
export type Park = {
  readonly until: number;
  /** How long past now the run record must outlive the park (0: the run TTL is enough). */
  readonly keepMs: number;
  /** The record field whose arrival wakes the run (`s:<signal>`, `r` for a resume), if any. */
  readonly wakeField: string | undefined;
  /** Whether that field is consumed on waking (a resume flag is; a signal stays for the step). */
  readonly consume: boolean;
  /** What the run waits on, as the run list shows it: a signal name, `sleep` or `approval`. */
  readonly on: string;
  /** The key of the step that parked it (the sleep's, the approval's), if any. */
  readonly stepKey?: string | undefined;
  /**
   * Set when the run is held back from starting rather than parked by its body (no slot of its
   * concurrency key): the run list shows it `waiting`, with `on` as its `waitingOn`.
   */
  readonly waiting?: boolean | undefined;
  /** When the wait began and the attempt that parked, for its span (traced runs only). */
  readonly trace?: ParkTrace | undefined;
};

/** @internal Thrown inside a waiting step to end the workflow call: the processor parks the run. */
export class ParkRun extends Error {
  override readonly name = "ParkRun";
  constructor() {
    super("parked");
  }
}

/** @internal A run's durable waits (its `sleep` and `waitForSignal`) and the park they asked for. */
export interface RunWaits extends Pick<WorkflowRun, "sleep" | "waitForSignal"> {
  /** Set once a wait decided to park the run. */
  readonly parked: Park | undefined;
  /** Records `park` and throws `ParkRun` (called inside a waiting step). */
  park(park: Park): never;
}

const FAR_FUTURE_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * @internal The durable waits of one run. Each wait is a keyed step of the workflow (so a resumed
 * run finds it checkpointed and does not wait again); a wait that cannot end yet records its park
 * and throws `ParkRun` out of the step. Deadlines are times on `clock`.
 */
export function createRunWaits(
  redis: RedisClient,
  runId: string,
  record: string,
  step: () => RunStep<unknown>,
  onError: (error: Error) => void,
  clock: Clock,
  tracing?: RunTracing,
): RunWaits {
  let parked: Park | undefined;
  const parkAs = (next: Park): never => {
    parked = next;
    throw new ParkRun();
  };
  const park = (
    until: number,
    keepMs: number,
    wakeField: string | undefined,
    on: string,
    stepKey: string,
  ): never => parkAs({ until, keepMs, wakeField, consume: false, on, stepKey });
  return {
    get parked() {
      return parked;
    },
    park: parkAs,
    waitForSignal: <TPayload>(
      signalName: string,
      waitOptions?: {
        until?: number | undefined;
        schema?: StandardSchemaV1<unknown, unknown> | undefined;
      },
    ) => {
      assertId("run.waitForSignal", "the signal name", signalName);
      const schema = waitOptions?.schema;
      if (schema !== undefined) assertSchema("run.waitForSignal", schema);
      const until = waitOptions?.until;
      if (until !== undefined && !Number.isFinite(until)) {
        throw new RangeError(
          `run.waitForSignal("${signalName}"): option "until" must be a finite ms timestamp, got ${String(until)}`,
        );
      }
      const field = `s:${signalName}`;
      return step()<{ received: true; payload: TPayload } | { received: false }, never>(
        async () => {
          const [payload, carrier] = await (tracing === undefined
            ? redis.hmget(record, field)
            : redis.hmget(record, field, carrierFieldOf(field)));
          if (payload !== null && payload !== undefined) {
            const decoded = parseValue(payload, { root: "payload" });
            const checked = !decoded.ok
              ? { issues: [{ message: decoded.error.message }] }
              : schema === undefined
                ? { value: decoded.value }
                : await validate("run.waitForSignal", schema, decoded.value);
            if (checked.issues === undefined) {
              const sender = readCarrier(carrier);
              if (sender !== undefined)
                tracing?.link({ kind: "signal", name: signalName, carrier: sender });
              return ok({ received: true, payload: checked.value as TPayload });
            }
            // Refused (unreadable or invalid): dropped unless a newer payload replaced it, and
            // reported; the run waits on.
            await runScript(redis, DROP_FIELD_IF, [record], [field, payload]);
            onError(new SignalPayloadError(runId, signalName, checked.issues));
          }
          const given = waitOptions?.until;
          if (given === undefined) {
            // Without a deadline the record is kept `runTtl` per park, not ten years.
            return park(
              clock.now() + FAR_FUTURE_MS,
              0,
              field,
              signalName,
              `awaitly:signal:${signalName}`,
            );
          }
          // The first deadline stands: a body that computes `Date.now() + DAY` on every wake
          // must not move it (stored once, as `sleep` stores its wake time).
          const until = await firstValue(redis, record, `d:${signalName}`, given);
          if (clock.now() >= until) return ok({ received: false });
          return park(
            until,
            until - clock.now(),
            field,
            signalName,
            `awaitly:signal:${signalName}`,
          );
        },
        { key: `awaitly:signal:${signalName}` },
      );
    },
    sleep: async (key, duration) => {
      const ms = typeof duration === "number" ? duration : toMillis(duration);
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(
          `run.sleep("${key}"): the duration must be finite and ≥ 0, got ${String(ms)} ms`,
        );
      }
      await step()(
        async () => {
          const wakeAt = await firstValue(redis, record, `t:${key}`, clock.now() + ms);
          return clock.now() >= wakeAt
            ? ok(undefined)
            : park(wakeAt, wakeAt - clock.now(), undefined, "sleep", `awaitly:sleep:${key}`);
        },
        { key: `awaitly:sleep:${key}` },
      );
    },
  };
}

// The timestamp stored in `field` of the run record, storing `value` there if none is yet.
async function firstValue(
  redis: RedisClient,
  record: string,
  field: string,
  value: number,
): Promise<number> {
  await redis.hsetnx(record, field, String(value));
  return Number(await redis.hget(record, field));
}

/**
 * @internal Parks a run: its job becomes a delayed job until `park.until` (no worker slot held),
 * its record outlives the park, and a wake that arrived while the run was still active (a signal or
 * resume could not promote an active job) promotes it at once. Always throws BullMQ's
 * `DelayedError`, which tells BullMQ the job was moved.
 */
export async function parkRun(
  redis: RedisClient,
  job: Job<RunJobData>,
  token: string,
  keys: QueueKeys,
  runTtl: number,
  park: Park,
): Promise<never> {
  await job.moveToDelayed(park.until, token);
  const keepSeconds = runTtl > 0 ? runTtl + Math.ceil(park.keepMs / 1000) : 0;
  const runId = runIdOf(job.id ?? "");
  const detail = JSON.stringify({
    on: park.on,
    until: park.until,
    stepKey: park.stepKey,
    ...park.trace,
  });
  const woken = await runScript(
    redis,
    PARKED,
    [keys.record(runId), keys.index],
    [
      keepSeconds,
      park.wakeField ?? "",
      park.consume ? "1" : "0",
      jobIdOf(runId),
      Date.now(),
      park.on,
      detail,
      park.waiting === true ? "1" : "0",
    ],
  );
  if (Number(woken) === 1) await job.promote().catch(() => {});
  throw new DelayedError();
}
