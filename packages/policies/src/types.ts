import type { RetryOptions, StepOptions } from "@awaitly/core";

/** A partial set of step options (`name`, `key`, `retry`, `timeout`) to merge into a step's options. */
export type Policy = Partial<StepOptions>;
/** A function producing a policy, optionally from a context. */
export type PolicyFactory<T = void> = T extends void ? () => Policy : (context: T) => Policy;
/** A policy with a name (see `createPolicyBundle`). */
export interface NamedPolicy {
  name: string;
  policy: Policy;
  description?: string | undefined;
}
/** Declarative form of `withPolicies` (type only, kept from 1.0.0). */
export interface WithPoliciesOptions {
  policies: Policy[];
  overrides?: Record<string, Policy> | undefined;
}
/** Named policies, applied by name. */
export interface PolicyRegistry {
  register(name: string, policy: Policy): void;
  get(name: string): Policy | undefined;
  has(name: string): boolean;
  names(): string[];
  apply(policyName: string, stepOptions?: StepOptions | string): StepOptions;
}
/** Fluent step-options builder: later calls win. */
export interface StepOptionsBuilder {
  name(name: string): StepOptionsBuilder;
  key(key: string): StepOptionsBuilder;
  policy(policy: Policy): StepOptionsBuilder;
  timeout(ms: number): StepOptionsBuilder;
  retry(options: RetryOptions): StepOptionsBuilder;
  retries(attempts: number): StepOptionsBuilder;
  build(): StepOptions;
}
