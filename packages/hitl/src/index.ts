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
