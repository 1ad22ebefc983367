import type { AroundStep } from "../run/around-step";
import type { WorkflowEvent } from "../run/events";

/**
 * A trace context in W3C Trace Context form, as it travels in job data and run records. The
 * engine stores and hands it back; it never reads it.
 */
export type TraceCarrier = {
  readonly traceparent: string;
  readonly tracestate?: string | undefined;
};

/** Something that touched a run from outside and woke it: linked from the span it woke. */
export type RunLink = {
  readonly kind: "signal" | "resume";
  /** The signal's name (signals only). */
  readonly name?: string | undefined;
  readonly carrier: TraceCarrier;
};

/** How one attempt of a run ended, as its worker saw it. */
export type RunAttemptOutcome = "completed" | "failed" | "parked" | "handed-over";

/** What a worker knows when it starts an attempt of a run (a start, a wake, a retry, a take-over). */
export interface RunAttemptInfo {
  readonly runId: string;
  /** The queue's name. */
  readonly queue: string;
  /** The job name the run carries (the queue's `workflowName`). */
  readonly workflowName: string;
  /** BullMQ's count of deliveries of the run's job, this one included (starts, wakes, retries). */
  readonly delivery: number;
  /** The enqueuer's trace context, when its queue traced. */
  readonly parent: TraceCarrier | undefined;
  /**
   * The attempt before this one, when it never said it ended: its process died (SIGKILL, OOM,
   * a lost machine) and its span was never exported.
   */
  readonly lost:
    | { readonly carrier: TraceCarrier; readonly delivery: number; readonly startedAt: number }
    | undefined;
  /** What woke this attempt from outside (a `queue.resume`). */
  readonly links: readonly RunLink[];
}

/** One attempt's span, as the worker drives it. */
export interface RunAttemptSpan {
  /** The attempt span's own context (kept in the run record until the attempt ends). */
  readonly carrier: TraceCarrier | undefined;
  /** Runs the attempt with its span as the active context. */
  run<T>(fn: () => T): T;
  /** Ends the span. */
  end(outcome: RunAttemptOutcome, error?: unknown): void;
}

/** What a parked run waited on: a signal, a durable sleep, a human approval or its child runs. */
export type RunWaitKind = "signal" | "sleep" | "approval" | "children";

/**
 * How a parked wait ended: the signal or decision arrived (`received`), a signal's deadline passed
 * (`timed_out`), a sleep ran out (`elapsed`), the children finished (`completed`), the run was
 * cancelled while parked (`cancelled`), or the woken attempt ended before it got past the wait
 * (`abandoned`).
 */
export type RunWaitOutcome =
  "received" | "timed_out" | "elapsed" | "completed" | "cancelled" | "abandoned";

/** One parked wait of a run, from the park to the wake (or cancel) that ended it. */
export interface RunWaitInfo {
  readonly runId: string;
  /** The queue's name. */
  readonly queue: string;
  readonly kind: RunWaitKind;
  /** The signal's name (signals only). */
  readonly signal?: string | undefined;
  /** The key of the step that waited (`awaitly:sleep:<key>`, `awaitly:signal:<name>`, …). */
  readonly stepKey: string | undefined;
  /** The wait's deadline (ms timestamp), when it has one. */
  readonly until: number | undefined;
  /** When the run first parked on this wait (ms). */
  readonly parkedAt: number;
  /** When the wake (or the cancel) came (ms). */
  readonly endedAt: number;
  readonly outcome: RunWaitOutcome;
  /** The context of the attempt that parked, the wait's parent. */
  readonly parent: TraceCarrier | undefined;
}

/**
 * The tracing hook of a durable engine's queue and worker (`@awaitly/bullmq`), e.g.
 * `createRunTracing()` from `@awaitly/otel`: a contract in core (types only) so the engine depends
 * on no tracing library. The queue asks for the caller's context (`inject`) and puts it in the job
 * data, in signals and in resumes; the worker runs each attempt inside `startAttempt(...).run`,
 * feeds workflow events to `handleEvent` and steps through `aroundStep`.
 */
export interface RunTracing {
  /** The caller's current trace context, or `undefined` when nothing is being traced. */
  inject(): TraceCarrier | undefined;
  /** Starts the span of one attempt of a run. */
  startAttempt(attempt: RunAttemptInfo): RunAttemptSpan;
  /** Links the active span (a `waitForSignal` step's) to what woke it. */
  link(link: RunLink): void;
  /** Runs `fn` so that nothing inside it is traced (a run enqueued with `trace: false`). */
  suppress<T>(fn: () => T): T;
  /** Reports a parked wait once it ended (optional: without it the engine stores nothing for waits). */
  wait?: ((wait: RunWaitInfo) => void) | undefined;
  /** Workflow events of every traced run. */
  handleEvent(event: WorkflowEvent<unknown, unknown>): void;
  /** Runs each step's operation with the step's span active. */
  aroundStep: AroundStep;
}
