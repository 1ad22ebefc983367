// awaitly: everything of @awaitly/core, tagged errors and the HITL step helpers, as in 1.0.0.
// Core is re-exported whole, so a name added to core reaches this entry without a second list.
export * from "@awaitly/core";
export type {
  TaggedErrorBase,
  TaggedErrorOptions,
  TaggedErrorCreateOptions,
  TaggedErrorConstructor,
  TagOf,
  ErrorByTag,
  PropsOf,
} from "@awaitly/tagged-error";
export { TaggedError } from "@awaitly/tagged-error";
export type { PendingApproval, ApprovalRejected, ApprovalStepOptions } from "@awaitly/hitl";
export {
  isPendingApproval,
  isApprovalRejected,
  pendingApproval,
  createApprovalStep,
  injectApproval,
  clearStep,
  hasPendingApproval,
  getPendingApprovals,
  createHITLCollector,
} from "@awaitly/hitl";
