export type {
  WorkflowQueue,
  WorkflowQueueOptions,
  EnqueueOptions,
  Enqueued,
  ScheduleSpec,
} from "./workflow-queue";
export { createWorkflowQueue, DEFAULT_WORKFLOW_QUEUE_OPTIONS } from "./workflow-queue";
export type { WorkflowWorker, WorkflowWorkerOptions, RunContext } from "./workflow-worker";
export { createWorkflowWorker, DEFAULT_WORKFLOW_WORKER_OPTIONS } from "./workflow-worker";
export type { RunCheckpointer, JobLockFence } from "./checkpointer";
export type { RunError } from "./errors";
export type {
  StandardSchemaV1,
  StandardSchemaResult,
  StandardSchemaIssue,
  InferSchemaInput,
  InferSchemaOutput,
} from "./standard-schema";
export {
  RunConflictError,
  RunNotFoundError,
  RunTimeoutError,
  RunCancelledError,
  SignalPayloadError,
  isRunConflictError,
  isRunNotFoundError,
  isRunTimeoutError,
  isRunCancelledError,
  isSignalPayloadError,
} from "./errors";
