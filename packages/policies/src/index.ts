export type {
  Policy,
  PolicyFactory,
  NamedPolicy,
  WithPoliciesOptions,
  PolicyRegistry,
  StepOptionsBuilder,
} from "./types";
export {
  mergePolicies,
  withPolicy,
  withPolicies,
  createPolicyApplier,
  createPolicyBundle,
} from "./merge";
export { retryPolicy, retryPolicies } from "./retry-policies";
export { timeoutPolicy, timeoutPolicies } from "./timeout-policies";
export { servicePolicies } from "./service-policies";
export { conditionalPolicy, envPolicy } from "./selection";
export { createPolicyRegistry } from "./registry";
export { stepOptions } from "./builder";
