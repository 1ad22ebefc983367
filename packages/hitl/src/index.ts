// Approval gates and resume-state helpers
export type { PendingApproval, ApprovalRejected } from "./approval-errors";
export {
  isPendingApproval,
  isApprovalRejected,
  pendingApproval,
  APPROVAL_EXPIRED_REASON,
  APPROVAL_NOT_FOUND_REASON,
} from "./approval-errors";
export type { ApprovalStepOptions, ApprovalCheck } from "./approval-step";
export { createApprovalStep } from "./approval-step";
export {
  injectApproval,
  clearStep,
  hasPendingApproval,
  getPendingApprovals,
} from "./resume-state-helpers";
export type { HITLCollector } from "./hitl-collector";
export { createHITLCollector } from "./hitl-collector";

// Stores
export type {
  ApprovalStatus,
  ApprovalStore,
  CreateApprovalOptions,
  ApprovalStateErrorCode,
} from "./approval-store";
export { ApprovalStateError, isApprovalStateError } from "./approval-store";
export type {
  SavedWorkflowState,
  WorkflowStateStore,
  WorkflowStateListOptions,
} from "./workflow-state-store";
export type { ApprovalValueErrorReason } from "./approval-value";
export {
  ApprovalValueError,
  isApprovalValueError,
  DEFAULT_MAX_APPROVAL_VALUE_BYTES,
} from "./approval-value";
export type { WorkflowStateSerializeErrorReason } from "./workflow-state-serialize-error";
export {
  WorkflowStateSerializeError,
  isWorkflowStateSerializeError,
} from "./workflow-state-serialize-error";
export type { MemoryApprovalStoreOptions } from "./memory-approval-store";
export { createMemoryApprovalStore } from "./memory-approval-store";
export { createMemoryWorkflowStateStore } from "./memory-workflow-state-store";
export type { KVApprovalStoreOptions, CompareAndSetStore } from "./kv-approval-store";
export { createKVApprovalStore, DEFAULT_KV_APPROVAL_STORE_OPTIONS } from "./kv-approval-store";
export type { KVWorkflowStateStoreOptions } from "./kv-workflow-state-store";
export {
  createKVWorkflowStateStore,
  DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS,
} from "./kv-workflow-state-store";

// Orchestrator
export type {
  HITLOrchestratorOptions,
  HITLExecutionResult,
  PollerOptions,
  HITLWorkflowFactoryOptions,
  HITLWorkflowFactory,
  HITLWorkflowFn,
  HITLDecisionOutcome,
  HITLDecisionOptions,
  HITLOrchestrator,
} from "./orchestrator-types";
export { createHITLOrchestrator } from "./orchestrator";
export { DEFAULT_HITL_ORCHESTRATOR_OPTIONS } from "./internal/orchestrator-options";
export { DEFAULT_POLLER_OPTIONS } from "./poll-approval";
export { createApprovalChecker } from "./approval-checker";

// Approval webhook
export type {
  ApprovalWebhookRequest,
  ApprovalWebhookResponse,
  ApprovalWebhookErrorCode,
  ApprovalAuthorization,
  ApprovalWebhookOptions,
  ApprovalWebhookHandler,
} from "./approval-webhook";
export { createApprovalWebhookHandler } from "./approval-webhook";
export { DEFAULT_APPROVAL_WEBHOOK_OPTIONS } from "./internal/webhook-validation";
