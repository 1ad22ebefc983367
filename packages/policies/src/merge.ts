import type { StepOptions } from "@awaitly/core";
import type { NamedPolicy, Policy } from "./types";

/**
 * Merges policies left to right: later wins; `name`/`key` are replaced whole, `retry`/`timeout`
 * merge one level deep (fields a later object omits survive). Top-level `undefined` never
 * overrides. The result never aliases its inputs at the first level.
 * @example
 * mergePolicies(retryPolicies.standard, timeoutPolicies.api, { name: "charge" });
 */
export function mergePolicies(...policies: Policy[]): StepOptions {
  const result: StepOptions = {};
  for (const policy of policies) {
    if (policy === undefined || policy === null) continue;
    if (policy.name !== undefined) result.name = policy.name;
    if (policy.key !== undefined) result.key = policy.key;
    if (policy.retry !== undefined)
      result.retry = result.retry ? { ...result.retry, ...policy.retry } : { ...policy.retry };
    if (policy.timeout !== undefined) {
      result.timeout = result.timeout
        ? { ...result.timeout, ...policy.timeout }
        : { ...policy.timeout };
    }
  }
  return result;
}

const asOptions = (stepOptions: StepOptions | string | undefined | null): Policy =>
  typeof stepOptions === "string" ? { name: stepOptions } : (stepOptions ?? {});

/** `policy` with the step's own options on top (a string is a name). */
export function withPolicy(policy: Policy, stepOptions?: StepOptions | string): StepOptions {
  return mergePolicies(policy, asOptions(stepOptions));
}

/** Several policies (left to right), then the step's own options. */
export function withPolicies(policies: Policy[], stepOptions?: StepOptions | string): StepOptions {
  return mergePolicies(...policies, asOptions(stepOptions));
}

/** Merges `basePolicies` once and returns a function applying them under each step's options. */
export function createPolicyApplier(
  ...basePolicies: Policy[]
): (stepOptions?: StepOptions | string) => StepOptions {
  const base = mergePolicies(...basePolicies);
  return (stepOptions) => mergePolicies(base, asOptions(stepOptions));
}

/** A named, pre-merged policy. */
export function createPolicyBundle(name: string, ...policies: Policy[]): NamedPolicy {
  return { name, policy: mergePolicies(...policies) };
}
