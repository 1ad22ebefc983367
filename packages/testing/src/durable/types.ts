import type { AnyResultFn, DurableRun, StandardSchemaV1, WorkflowEvent } from "@awaitly/core";
import type { VirtualClock } from "../virtual-clock";

/**
 * The part of a run (the body's 4th argument) the test environment supports: the same members,
 * with the same behaviour, as `@awaitly/bullmq`'s `WorkflowRun`. Child runs (`run.child`,
 * `run.children`) are not among them: a body that calls one fails its run for good.
 */
export type TestWorkflowRun = DurableRun;

/**
 * A durable workflow definition, taken by shape: `defineWorkflow` from `@awaitly/bullmq` gives
 * one, and its input, value and error types are read from it.
 */
export interface DurableWorkflowDefinition<TInput, TValue, TError> {
  /** The workflow's name. */
  readonly name: string;
  /** The dependencies handed to the body. */
  readonly deps: Readonly<Record<string, AnyResultFn>>;
  /** The body: `(step, deps, input, run)`. */
  body(step: never, deps: never, input: TInput, run: TestWorkflowRun): unknown;
  /** Type-only: what a run takes and gives. */
  readonly "~types"?: { readonly input: TInput; readonly value: TValue; readonly error: TError };
}

/** Options of `createTestEnvironment`: the worker's and queue's options that change what a run does. */
export interface TestEnvironmentOptions<TError> {
  /** The clock runs wait on; `advance` moves it. Defaults to `createVirtualClock()`. */
  clock?: VirtualClock | undefined;
  /** Attempts per run before a thrown error (or one `retryOn` names) fails it, as the queue's `attempts`. Defaults to `5`. */
  attempts?: number | undefined;
  /** Delay before the first run retry in ms, doubling each time, as the queue's `backoffMs`. Defaults to `1000`. */
  backoffMs?: number | undefined;
  /** Business errors worth a run retry, as the worker's `retryOn`. Defaults to none. */
  retryOn?: ((error: TError) => boolean) | undefined;
  /** How long a run parked on a pending approval waits before it checks again, as the worker's. Defaults to `60000`. */
  approvalRecheckMs?: number | undefined;
  /**
   * How long after a crash the run is taken up again (a worker's `lockDurationMs` plus
   * `stalledIntervalMs`). Defaults to `15000`.
   */
  crashRecoveryMs?: number | undefined;
  /** Signal schemas by signal name, as the queue's `signals`: `signal` validates with them. Defaults to `{}`. */
  signals?: Readonly<Record<string, StandardSchemaV1>> | undefined;
  /** Workflow events of every run, as the worker's `onEvent`. Defaults to none. */
  onEvent?: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined;
  /** What the worker reports to its `onError` (misuse, refused signal payloads). Defaults to ignoring it. */
  onError?: ((error: Error) => void) | undefined;
}

/** Options of one `env.start`. */
export interface TestStartOptions {
  /** The run id; starting the same id again with the same input starts nothing. Defaults to a random UUID. */
  runId?: string | undefined;
  /**
   * Crash the run (as a killed worker process) right after this keyed step is checkpointed, once;
   * it is taken up again `crashRecoveryMs` later and resumes from its checkpoints. Defaults to none.
   */
  crashAfter?: string | undefined;
}

/** A run's status, as the queue's run list names it. */
export type TestRunStatus = "waiting" | "active" | "parked" | "completed" | "failed" | "cancelled";

/** One keyed step of a run's timeline, as `queue.run(runId).steps` lists it. */
export interface TestStepInfo {
  /** The step's key. */
  key: string;
  /** The step's name (its key). */
  name: string;
  /** `completed`, `failed`, or `cached` (checkpointed with no timing kept). */
  status: "completed" | "failed" | "cached";
  /** When it last started (epoch ms on the environment's clock), when known. */
  startedAt: number | undefined;
  /** How long it ran (virtual ms), when known. */
  durationMs: number | undefined;
  /** The `type` of its error, when it failed. */
  errorType: string | undefined;
  /** Its error's message, when it failed with one. */
  errorMessage: string | undefined;
}

/** What a parked run waits on. */
export interface TestParkedOn {
  /** A signal name, `sleep` or `approval`. */
  on: string;
  /** When the park ends by itself (epoch ms on the environment's clock). */
  until: number;
  /** The key of the step that parked it, if any. */
  stepKey: string | undefined;
}

/** Everything the environment knows of one run, as `queue.run(runId)` shows it. */
export interface TestRunInfo {
  runId: string;
  status: TestRunStatus;
  /** Attempts started (retries and crash recoveries count, wakes do not). */
  attempts: number;
  /** What the run waits on while parked. */
  parkedOn: TestParkedOn | undefined;
  /** The run's steps in the order they started. */
  steps: TestStepInfo[];
}
