import {
  assertKnownOptions,
  encodeValue,
  err,
  ok,
  RunCancelledError,
  RunConflictError,
  RunFinishedError,
  RunNotFoundError,
  RunTimeoutError,
  SignalNotAwaitedError,
  SignalPayloadError,
  stringifyValue,
  type AsyncResult,
  type Result,
  type ResumeStateEntry,
  type StandardSchemaV1,
  type UnexpectedError,
  type WireEncodeError,
} from "@awaitly/core";
import { toMs, type DurationInput } from "../internal/duration-input";
import { createVirtualClock, type VirtualClock } from "../virtual-clock";
import { checkpointsOf, createEngine } from "./engine";
import type { TestRunError } from "./errors";
import { createRecord, infoOf, type RunRecord } from "./run-record";
import type {
  DurableWorkflowDefinition,
  TestEnvironmentOptions,
  TestRunInfo,
  TestStartOptions,
} from "./types";
import { readOutcome } from "./wire";
import { assertId, assertSchema } from "./waits";
import { resolveEnvironmentOptions } from "./options";

/** What `env.start` reports. */
export interface TestStarted {
  runId: string;
  /** True when a run with this id and input already existed. */
  deduplicated: boolean;
}

/** What `env.cancel` did: `stopped` a waiting or parked run, or is `stopping` an active one. */
export interface TestCancelled {
  runId: string;
  how: "stopped" | "stopping";
}

/**
 * Runs one durable workflow definition in memory on a virtual clock, with the worker's semantics:
 * parks and wakes, signals, approvals, retries, crashes and cancels. Every method that wakes a run
 * resolves once that run went as far as it can without time moving.
 */
export interface TestEnvironment<TInput, TValue, TError> {
  /** The clock runs wait on. */
  readonly clock: VirtualClock;
  /** Starts a run (as `queue.enqueue`): the same id with the same input starts nothing, another input is a `RunConflictError`. */
  start(
    input: TInput,
    options?: TestStartOptions,
  ): AsyncResult<TestStarted, RunConflictError | WireEncodeError>;
  /** Moves virtual time forward, waking every run whose sleep, deadline, retry or recovery comes due. */
  advance(duration: DurationInput): Promise<void>;
  /**
   * The run's Result, as `queue.result` gives it. A run that has not finished gets up to `timeout`
   * of virtual time (the clock stops as soon as it finishes), then a `RunTimeoutError`.
   */
  result(
    runId: string,
    options?: { timeout?: DurationInput | undefined },
  ): AsyncResult<TValue, TError | UnexpectedError | TestRunError>;
  /** Delivers a signal (as `queue.signal`), validated by `schema` or the environment's `signals`. */
  signal<TPayload = unknown>(
    runId: string,
    name: string,
    payload?: NoInfer<TPayload>,
    options?: { schema?: StandardSchemaV1<TPayload, unknown> | undefined },
  ): AsyncResult<
    void,
    SignalPayloadError | RunNotFoundError | RunFinishedError | SignalNotAwaitedError
  >;
  /** Wakes a run parked on a pending approval once it was decided (as `queue.resume`). */
  resume(runId: string): AsyncResult<void, RunNotFoundError | RunFinishedError>;
  /** Cancels a run (as `queue.cancel`): its result becomes a `RunCancelledError`. */
  cancel(runId: string): AsyncResult<TestCancelled, RunNotFoundError | RunFinishedError>;
  /** The run's status, attempts, what it is parked on and its step timeline; `undefined` for an unknown id. */
  run(runId: string): TestRunInfo | undefined;
  /** The run's checkpoints by step key, read back as a resumed run reads them (empty for an unknown id). */
  checkpoints(runId: string): Map<string, ResumeStateEntry>;
  /** Runs later attempts (wakes, retries, recoveries) on a new version of the workflow, as a deploy would. */
  deploy(definition: DurableWorkflowDefinition<TInput, TValue, TError>): void;
}

const START_OPTIONS = ["runId", "crashAfter"];

/**
 * A durable test environment: runs the definition your BullMQ worker runs (`defineWorkflow`), in
 * memory and on virtual time, so a 30-day sleep, a week-long signal deadline and retries with
 * backoff finish in milliseconds, with the results, steps and checkpoints the worker gives.
 * @example
 * const env = createTestEnvironment(orders);
 * await env.start({ orderId: "1" }, { runId: "o-1" });
 * await env.advance("30d");
 * await env.signal("o-1", "approved", { by: "ana" });
 * expect(await env.result("o-1")).toEqual(ok("shipped"));
 */
export function createTestEnvironment<TInput, TValue, TError>(
  definition: DurableWorkflowDefinition<TInput, TValue, TError>,
  options: TestEnvironmentOptions<TError> = {},
): TestEnvironment<TInput, TValue, TError> {
  assertDefinition("createTestEnvironment", definition);
  const resolved = resolveEnvironmentOptions(options);
  const clock = resolved.clock ?? createVirtualClock();
  const records = new Map<string, RunRecord>();
  const engine = createEngine(
    definition,
    { ...resolved, clock, retryOn: resolved.retryOn as ((error: unknown) => boolean) | undefined },
    () => {},
  );
  // Lets the runs a call woke go as far as they can without time moving.
  const settled = async () => {
    await clock.flush();
    await clock.flush();
  };
  const find = (where: string, runId: string) => {
    assertId(where, "runId", runId);
    return records.get(runId);
  };
  const finished = (record: RunRecord) =>
    new RunFinishedError(record.runId, record.state ?? "failed");
  // A parked run (or one waiting out a retry's backoff) is a delayed job: a wake promotes it.
  const promote = (record: RunRecord) => {
    if (record.delayed) engine.schedule(record, clock.now(), false);
  };

  return {
    clock,
    async start(input, startOptions = {}) {
      assertKnownOptions("env.start", startOptions, START_OPTIONS);
      const runId = startOptions.runId ?? crypto.randomUUID();
      assertId("env.start", 'option "runId"', runId);
      if (startOptions.crashAfter !== undefined) {
        assertId("env.start", 'option "crashAfter"', startOptions.crashAfter);
      }
      const encoded = encodeValue(input, { root: "input" });
      if (!encoded.ok) return encoded;
      const text = JSON.stringify(encoded.value);
      const existing = records.get(runId);
      if (existing !== undefined) {
        return existing.input === text
          ? ok({ runId, deduplicated: true })
          : err(new RunConflictError(runId));
      }
      const record = createRecord(runId, text, startOptions.crashAfter);
      records.set(runId, record);
      engine.schedule(record, clock.now(), false);
      await settled();
      return ok({ runId, deduplicated: false });
    },

    advance: (duration) => clock.advance(duration),

    async result(runId, resultOptions = {}) {
      assertKnownOptions("env.result", resultOptions, ["timeout"]);
      const record = find("env.result", runId);
      const timeoutMs = toMs('env.result: option "timeout"', resultOptions.timeout ?? 0);
      if (record === undefined) return err(new RunNotFoundError(runId));
      await settled();
      if (record.outcome === undefined && timeoutMs > 0) {
        let over = false;
        const timer = clock.setTimeout(() => void (over = true), timeoutMs);
        while (record.outcome === undefined && !over && (await clock.next())) {
          /* each turn fires the next timer due */
        }
        clock.clearTimeout(timer);
        await settled();
      }
      if (record.outcome === undefined) {
        return err(new RunTimeoutError(runId, timeoutMs, describeWait(record)));
      }
      return readOutcome(record.outcome) as Result<TValue, TError | UnexpectedError | TestRunError>;
    },

    async signal(runId, name, payload, signalOptions = {}) {
      assertKnownOptions("env.signal", signalOptions, ["schema"]);
      const record = find("env.signal", runId);
      assertId("env.signal", "the signal name", name);
      const schema = signalOptions.schema ?? resolved.signals[name];
      if (schema !== undefined) {
        assertSchema("env.signal", schema);
        const checked = await schema["~standard"].validate(payload);
        if (checked.issues !== undefined) {
          return err(new SignalPayloadError(runId, name, checked.issues));
        }
      }
      // The payload as given, not the schema's output: the waiting run validates it again.
      const text = stringifyValue(payload, { root: "payload" });
      if (!text.ok) {
        const { message, path } = text.error;
        return err(new SignalPayloadError(runId, name, [{ message, path: [path] }]));
      }
      if (record === undefined) return err(new RunNotFoundError(runId));
      if (record.outcome !== undefined) return err(finished(record));
      const field = `s:${name}`;
      if (record.waitingFor !== undefined && record.waitingFor !== field) {
        return err(new SignalNotAwaitedError(runId, name, record.waitingFor.slice(2)));
      }
      record.fields.set(field, text.value);
      if (record.waitingFor === field) record.waitingFor = undefined;
      promote(record);
      await settled();
      return ok(undefined);
    },

    async resume(runId) {
      const record = find("env.resume", runId);
      if (record === undefined) return err(new RunNotFoundError(runId));
      if (record.outcome !== undefined) return err(finished(record));
      // The flag covers a run that is still active and about to park: it wakes itself.
      record.fields.set("r", "1");
      if (record.delayed) {
        record.fields.delete("r");
        promote(record);
      }
      await settled();
      return ok(undefined);
    },

    async cancel(runId) {
      const record = find("env.cancel", runId);
      if (record === undefined) return err(new RunNotFoundError(runId));
      if (record.outcome !== undefined) return err(finished(record));
      record.cancelAsked = true;
      if (record.status !== "active") {
        engine.settle(record, ok(undefined));
        return ok({ runId, how: "stopped" as const });
      }
      // Active: it starts no further step and ends cancelled (a crashed one when taken again).
      const { attempt } = record;
      if (attempt !== undefined) {
        attempt.cancelled = true;
        attempt.controller.abort(new RunCancelledError(runId));
        attempt.interrupt?.();
      }
      await settled();
      return ok({ runId, how: "stopping" as const });
    },

    run: (runId) => {
      const record = find("env.run", runId);
      return record === undefined ? undefined : infoOf(record);
    },

    checkpoints: (runId) => {
      const record = find("env.checkpoints", runId);
      return record === undefined ? new Map() : checkpointsOf(record);
    },

    deploy(next) {
      assertDefinition("env.deploy", next);
      engine.deploy(next);
    },
  };
}

function assertDefinition(where: string, definition: unknown): void {
  const { name, body, deps } = (definition ?? {}) as Partial<
    DurableWorkflowDefinition<unknown, unknown, unknown>
  >;
  if (typeof name !== "string" || typeof body !== "function" || typeof deps !== "object") {
    throw new TypeError(
      `${where}: expected a workflow definition { name, deps, body } (defineWorkflow from @awaitly/bullmq), got ${String(definition)}`,
    );
  }
}

function describeWait(record: RunRecord): string {
  const parked = record.parkedOn;
  if (record.status === "parked" && parked !== undefined) {
    return `parked on ${parked.on} until ${new Date(parked.until).toISOString()}; advance the clock, send its signal or resume it`;
  }
  return `${record.status}; advance the clock or give result a timeout`;
}
