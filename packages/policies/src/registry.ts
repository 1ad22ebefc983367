import { withPolicy } from "./merge";
import type { Policy, PolicyRegistry } from "./types";

/** A registry of named policies; `apply` throws for unknown names. */
export function createPolicyRegistry(): PolicyRegistry {
  const policies = new Map<string, Policy>();
  return {
    register(name, policy) {
      policies.set(name, policy);
    },
    get: (name) => policies.get(name),
    has: (name) => policies.has(name),
    names: () => [...policies.keys()],
    apply(name, stepOptions) {
      const policy = policies.get(name);
      if (!policy) throw new Error(`Policy not found: ${name}`);
      return withPolicy(policy, stepOptions);
    },
  };
}
