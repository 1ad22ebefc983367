export type { PostgresOperation } from "./errors";
export {
  PostgresPersistenceError,
  isPostgresPersistenceError,
  LockLostError,
  isLockLostError,
  ValueTooLargeError,
  isValueTooLargeError,
} from "./errors";
export type { PostgresSchemaOptions } from "./schema";
export { schemaSql, createSchema, DEFAULT_POSTGRES_SCHEMA_OPTIONS } from "./schema";
export type { PostgresStoreOptions, PostgresStore } from "./postgres-store";
export { createPostgresStore, DEFAULT_POSTGRES_STORE_OPTIONS } from "./postgres-store";
export type {
  PostgresCheckpointerOptions,
  PostgresCheckpointer,
  CheckpointHooks,
  CheckpointFence,
  ForeignLease,
  FenceOptions,
} from "./postgres-checkpointer";
export {
  createPostgresCheckpointer,
  DEFAULT_POSTGRES_CHECKPOINTER_OPTIONS,
} from "./postgres-checkpointer";
export type {
  PostgresLockOptions,
  PostgresLock,
  PostgresLease,
  PostgresLockGuard,
  AcquireOptions,
} from "./postgres-lock";
export { createPostgresLock, DEFAULT_POSTGRES_LOCK_OPTIONS } from "./postgres-lock";
export type {
  PostgresApprovalStoreOptions,
  PostgresApprovalStore,
  ApprovalStatus,
} from "./postgres-approval-store";
export {
  createPostgresApprovalStore,
  DEFAULT_POSTGRES_APPROVAL_STORE_OPTIONS,
} from "./postgres-approval-store";
export type {
  PostgresWorkflowStateStoreOptions,
  PostgresWorkflowStateStore,
  PostgresSavedWorkflowState,
} from "./postgres-workflow-state-store";
export {
  createPostgresWorkflowStateStore,
  DEFAULT_POSTGRES_WORKFLOW_STATE_STORE_OPTIONS,
} from "./postgres-workflow-state-store";
export type { PostgresPersistenceOptions, PostgresPersistence } from "./postgres-persistence";
export { createPostgresPersistence } from "./postgres-persistence";
