import type { Policy } from "./types";

/** `policy` when `condition` holds, else `elsePolicy` (or `{}`). */
export function conditionalPolicy(condition: boolean, policy: Policy, elsePolicy?: Policy): Policy {
  return condition ? policy : (elsePolicy ?? {});
}

/**
 * The policy for the current environment (`NODE_ENV`, else `"development"`), or `defaultPolicy`.
 * Only own keys count, so `"toString"` is not an environment.
 */
export function envPolicy(
  envPolicies: Record<string, Policy>,
  currentEnv?: string,
  defaultPolicy: Policy = {},
): Policy {
  const env =
    currentEnv ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.NODE_ENV ??
    "development";
  return Object.prototype.hasOwnProperty.call(envPolicies, env)
    ? (envPolicies[env] ?? defaultPolicy)
    : defaultPolicy;
}
