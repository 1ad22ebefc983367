import { describe, expectTypeOf, it } from "vitest";
import type { StepOptions } from "@awaitly/core";
import {
  createPolicyApplier,
  createPolicyRegistry,
  mergePolicies,
  retryPolicies,
  stepOptions,
  withPolicy,
  type NamedPolicy,
  type Policy,
  type PolicyRegistry,
  type StepOptionsBuilder,
  createPolicyBundle,
} from "@awaitly/policies";

describe("mergePolicies", () => {
  it("returns StepOptions", () => {
    expectTypeOf(mergePolicies(retryPolicies.standard, { name: "a" })).toEqualTypeOf<StepOptions>();
    // @ts-expect-error a policy's retry must be RetryOptions, not a number
    mergePolicies({ retry: 3 });
  });
});

describe("withPolicy / createPolicyApplier", () => {
  it("accept step options or a name", () => {
    expectTypeOf(withPolicy({}, "charge")).toEqualTypeOf<StepOptions>();
    expectTypeOf(withPolicy({}, { key: "k" })).toEqualTypeOf<StepOptions>();
    const apply = createPolicyApplier(retryPolicies.standard);
    expectTypeOf(apply).toEqualTypeOf<(stepOptions?: StepOptions | string) => StepOptions>();
    // @ts-expect-error step options are an object or a name
    apply(42);
  });
});

describe("createPolicyBundle / createPolicyRegistry", () => {
  it("type bundles and registries", () => {
    expectTypeOf(createPolicyBundle("api", {})).toEqualTypeOf<NamedPolicy>();
    const registry = createPolicyRegistry();
    expectTypeOf(registry).toEqualTypeOf<PolicyRegistry>();
    expectTypeOf(registry.get("x")).toEqualTypeOf<Policy | undefined>();
  });
});

describe("stepOptions", () => {
  it("chains and builds StepOptions", () => {
    const builder = stepOptions().name("a").key("k").timeout(100).retries(2);
    expectTypeOf(builder).toEqualTypeOf<StepOptionsBuilder>();
    expectTypeOf(builder.build()).toEqualTypeOf<StepOptions>();
    // @ts-expect-error timeout takes milliseconds
    stepOptions().timeout("1s");
  });
});
