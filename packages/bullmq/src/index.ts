export type {
  WorkflowQueue,
  EnqueueOptions,
  Enqueued,
  ScheduleSpec,
  DebounceOptions,
  DebouncedInput,
} from "./workflow-queue-types";
export { createWorkflowQueue } from "./workflow-queue";
export type { WorkflowQueueOptions } from "./queue-options";
export { DEFAULT_WORKFLOW_QUEUE_OPTIONS } from "./queue-options";
export type { WorkflowWorker } from "./workflow-worker";
export { createWorkflowWorker } from "./workflow-worker";
export type { WorkflowWorkerOptions } from "./worker-options";
export { DEFAULT_WORKFLOW_WORKER_OPTIONS } from "./worker-options";
export type {
  WorkflowRun,
  ChildRunError,
  ChildRunOptions,
  ChildRunSpec,
  ChildrenPolicy,
} from "./workflow-run";
export type {
  RunTracing,
  RunAttemptInfo,
  RunAttemptSpan,
  RunAttemptOutcome,
  RunLink,
  RunWaitInfo,
  RunWaitKind,
  RunWaitOutcome,
  TraceCarrier,
} from "@awaitly/core";
export type {
  WorkflowDefinition,
  WorkflowDefinitionSpec,
  WorkflowDeps,
  WorkflowStep,
  DefinitionWorkerOptions,
  BodyValue,
  BodyErrors,
  WorkflowInput,
  WorkflowValue,
  WorkflowError,
} from "./workflow-definition";
export { defineWorkflow } from "./workflow-definition";
export type { RunCheckpointer, JobLockFence } from "./checkpointer";
export type { RunError } from "./errors";
export type { RunState } from "./run-state";
export type { TerminalRunState } from "@awaitly/core";
export type { Cancelled } from "./workflow-queue-types";
export type {
  StandardSchemaV1,
  StandardSchemaResult,
  StandardSchemaIssue,
  InferSchemaInput,
  InferSchemaOutput,
} from "@awaitly/core";
// The run errors are core's classes (the test environment answers with the same ones).
export {
  RunConflictError,
  RunNotFoundError,
  RunTimeoutError,
  RunCancelledError,
  RunFinishedError,
  SignalNotAwaitedError,
  SignalPayloadError,
  isRunConflictError,
  isRunNotFoundError,
  isRunTimeoutError,
  isRunCancelledError,
  isRunFinishedError,
  isSignalNotAwaitedError,
  isSignalPayloadError,
} from "@awaitly/core";
export {
  StepDeadlineError,
  RunDeadlineError,
  RedisUnavailableError,
  isRedisUnavailableError,
  isStepDeadlineError,
  isRunDeadlineError,
} from "./errors";
export type {
  RunStatus,
  RunsFilter,
  RunSummary,
  RunsPage,
  RunInfo,
  RunParkedOn,
  RunWaitingOn,
  RunStepInfo,
  VersionCounts,
  RunCompensationInfo,
} from "./run-list";
export { RUN_STATUSES } from "./run-list";
export type { DriftRunsOptions } from "./drift-check";
export { driftRunContext } from "./drift-check";
export type {
  RetryOptions,
  RetryStarted,
  RetryError,
  BulkAction,
  BulkOutcome,
  BulkOptions,
} from "./run-actions";
export {
  RunNotFinishedError,
  StepNotFoundError,
  RetryUnavailableError,
  isRunNotFinishedError,
  isStepNotFoundError,
  isRetryUnavailableError,
} from "./run-action-errors";
