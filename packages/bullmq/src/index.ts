export type {
  WorkflowQueue,
  EnqueueOptions,
  Enqueued,
  ScheduleSpec,
  DebounceOptions,
  DebouncedInput,
} from "./workflow-queue";
export { createWorkflowQueue } from "./workflow-queue";
export type { WorkflowQueueOptions } from "./queue-options";
export { DEFAULT_WORKFLOW_QUEUE_OPTIONS } from "./queue-options";
export type { WorkflowWorker } from "./workflow-worker";
export { createWorkflowWorker } from "./workflow-worker";
export type { WorkflowWorkerOptions } from "./worker-options";
export { DEFAULT_WORKFLOW_WORKER_OPTIONS } from "./worker-options";
export type { WorkflowRun, ChildRunError, ChildRunSpec, ChildrenPolicy } from "./workflow-run";
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
