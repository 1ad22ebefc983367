import { mergePolicies } from "./merge";
import { retryPolicies } from "./retry-policies";
import { assertTimeout } from "./internal/validate";
import type { Policy, StepOptionsBuilder } from "./types";

/**
 * A fluent builder of step options; each call appends a policy and `build()` merges them (later
 * wins, so order matters).
 * @example
 * step(() => charge(order), stepOptions().name("charge").key(`charge:${id}`).policy(servicePolicies.httpApi).build());
 */
export function stepOptions(): StepOptionsBuilder {
  const list: Policy[] = [];
  const builder: StepOptionsBuilder = {
    name: (name) => (list.push({ name }), builder),
    key: (key) => (list.push({ key }), builder),
    policy: (policy) => (list.push(policy), builder),
    timeout(ms) {
      assertTimeout("stepOptions().timeout", ms);
      list.push({ timeout: { ms } });
      return builder;
    },
    retry: (options) => (list.push({ retry: options }), builder),
    retries: (attempts) => (list.push(retryPolicies.custom({ attempts })), builder),
    build: () => mergePolicies(...list),
  };
  return builder;
}
