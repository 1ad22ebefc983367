import type { StepOptions } from "@awaitly/core";
import { mergePolicies } from "./merge";
import { retryPolicies } from "./retry-policies";
import { timeoutPolicies } from "./timeout-policies";

/** Timeout + retry presets per kind of dependency (merged copies of the presets). */
export const servicePolicies: {
  readonly httpApi: StepOptions;
  readonly database: StepOptions;
  readonly cache: StepOptions;
  readonly messageQueue: StepOptions;
  readonly fileSystem: StepOptions;
  readonly rateLimited: StepOptions;
} = {
  httpApi: mergePolicies(timeoutPolicies.api, retryPolicies.standard),
  database: mergePolicies(timeoutPolicies.extended, {
    retry: { attempts: 2, backoff: "exponential", initialDelay: 100, maxDelay: 2000, jitter: true },
  }),
  cache: mergePolicies(timeoutPolicies.fast, retryPolicies.none),
  messageQueue: mergePolicies(timeoutPolicies.extended, retryPolicies.aggressive),
  fileSystem: mergePolicies(timeoutPolicies.long, retryPolicies.standard),
  rateLimited: mergePolicies(
    { timeout: { ms: 10000 } },
    {
      retry: { attempts: 5, backoff: "linear", initialDelay: 1000, maxDelay: 10000, jitter: true },
    },
  ),
};
