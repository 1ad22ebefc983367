import type { HITLOrchestratorOptions } from "../orchestrator-types";

/** Defaults of `createHITLOrchestrator`. */
export const DEFAULT_HITL_ORCHESTRATOR_OPTIONS = {
  defaultExpirationMs: 7 * 24 * 60 * 60 * 1000,
  logger: (_message: string): void => {},
} as const;

const hasMethods = (value: unknown, names: string[]) =>
  typeof value === "object" &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === "function");

/** @internal Checks the options once and fills in defaults. */
export function validateOrchestratorOptions(options: HITLOrchestratorOptions) {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `createHITLOrchestrator: options must be an object, got ${String(options)}`,
    );
  }
  const approvalMethods = ["getApproval", "createApproval", "grantApproval", "rejectApproval"];
  if (!hasMethods(options.approvalStore, approvalMethods)) {
    throw new TypeError(
      `createHITLOrchestrator: approvalStore must be an ApprovalStore, got ${options.approvalStore === null ? "null" : typeof options.approvalStore}`,
    );
  }
  const stateMethods = ["save", "load", "delete", "list", "findByPendingApproval"];
  if (!hasMethods(options.workflowStateStore, stateMethods)) {
    throw new TypeError(
      `createHITLOrchestrator: workflowStateStore must be a WorkflowStateStore, got ${options.workflowStateStore === null ? "null" : typeof options.workflowStateStore}`,
    );
  }
  const defaultExpirationMs =
    options.defaultExpirationMs ?? DEFAULT_HITL_ORCHESTRATOR_OPTIONS.defaultExpirationMs;
  if (!(typeof defaultExpirationMs === "number" && defaultExpirationMs > 0)) {
    throw new RangeError(
      `createHITLOrchestrator: defaultExpirationMs must be a number > 0, got ${String(defaultExpirationMs)}`,
    );
  }
  const logger = options.logger ?? DEFAULT_HITL_ORCHESTRATOR_OPTIONS.logger;
  if (typeof logger !== "function") {
    throw new TypeError(`createHITLOrchestrator: logger must be a function, got ${String(logger)}`);
  }
  return {
    approvalStore: options.approvalStore,
    workflowStateStore: options.workflowStateStore,
    defaultExpirationMs,
    logger,
  };
}
