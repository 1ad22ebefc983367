import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import {
  conditionalPolicy,
  createPolicyApplier,
  createPolicyBundle,
  createPolicyRegistry,
  envPolicy,
  mergePolicies,
  retryPolicies,
  retryPolicy,
  servicePolicies,
  stepOptions,
  timeoutPolicies,
  timeoutPolicy,
  withPolicies,
  withPolicy,
} from "@awaitly/policies";

afterEach(() => {
  vi.useRealTimers();
});

describe("mergePolicies", () => {
  it("lets later policies win and merges retry/timeout one level deep", () => {
    const retryOn = () => true;
    expect(
      mergePolicies(
        { retry: { attempts: 3, maxDelay: 5000, retryOn }, timeout: { ms: 10, signal: true } },
        { retry: { attempts: 2, backoff: "fixed" }, timeout: { ms: 20 } },
        { name: "a" },
        { key: "k", name: undefined },
      ),
    ).toEqual({
      retry: { attempts: 2, maxDelay: 5000, retryOn, backoff: "fixed" },
      timeout: { ms: 20, signal: true },
      name: "a",
      key: "k",
    });
  });

  it("matches the spec's worked example, key order included", () => {
    const merged = mergePolicies(
      retryPolicies.standard,
      retryPolicies.fixed(2, 10),
      { name: "a" },
      { key: "k" },
    );
    expect(merged).toEqual({
      retry: { attempts: 2, backoff: "fixed", initialDelay: 10, maxDelay: 5000, jitter: false },
      name: "a",
      key: "k",
    });
    expect(
      Object.keys(mergePolicies(timeoutPolicies.api, retryPolicies.standard, { name: "x" })),
    ).toEqual(["timeout", "retry", "name"]);
  });

  it("lets a nested undefined override but not a top-level one, and never aliases inputs", () => {
    const first = { retry: { attempts: 3, jitter: true } };
    const merged = mergePolicies(first, { retry: { attempts: 2, jitter: undefined } });
    expect(merged.retry).toEqual({ attempts: 2, jitter: undefined });
    expect(merged.retry).not.toBe(first.retry);
    expect(mergePolicies()).toEqual({});
    expect(mergePolicies({ name: "x", other: 1 } as never)).toEqual({ name: "x" });
  });
});

describe("applying policies", () => {
  it("puts the step's own options (or a name string) on top", () => {
    expect(withPolicy(retryPolicies.none, "load")).toEqual({
      retry: { attempts: 1 },
      name: "load",
    });
    expect(withPolicy(timeoutPolicies.fast, { timeout: { ms: 50 } })).toEqual({
      timeout: { ms: 50 },
    });
    expect(withPolicies([timeoutPolicies.api, retryPolicies.transient], { key: "k" })).toEqual({
      timeout: { ms: 5000 },
      retry: {
        attempts: 3,
        backoff: "exponential",
        initialDelay: 100,
        maxDelay: 1000,
        jitter: true,
      },
      key: "k",
    });
  });

  it("createPolicyApplier merges once at creation", () => {
    const base = { retry: { attempts: 2 } };
    const apply = createPolicyApplier(base, timeoutPolicies.fast);
    base.retry.attempts = 9;
    expect(apply("x")).toEqual({ retry: { attempts: 2 }, timeout: { ms: 1000 }, name: "x" });
    expect(apply()).not.toBe(apply());
    expect(createPolicyBundle("b", timeoutPolicies.api)).toEqual({
      name: "b",
      policy: { timeout: { ms: 5000 } },
    });
  });
});

describe("presets", () => {
  it("have exactly the specified values", () => {
    expect(retryPolicies.none).toEqual({ retry: { attempts: 1 } });
    expect(retryPolicies.aggressive).toEqual({
      retry: {
        attempts: 5,
        backoff: "exponential",
        initialDelay: 500,
        maxDelay: 30000,
        jitter: true,
      },
    });
    expect(retryPolicies.linear(4, 50)).toEqual({
      retry: { attempts: 4, backoff: "linear", initialDelay: 50, jitter: true },
    });
    expect(retryPolicies.custom({ attempts: 2, jitter: false })).toEqual({
      retry: {
        backoff: "exponential",
        initialDelay: 100,
        maxDelay: 30000,
        jitter: false,
        attempts: 2,
      },
    });
    expect(timeoutPolicies.none).toEqual({});
    expect([
      timeoutPolicies.fast,
      timeoutPolicies.api,
      timeoutPolicies.extended,
      timeoutPolicies.long,
    ]).toEqual([
      { timeout: { ms: 1000 } },
      { timeout: { ms: 5000 } },
      { timeout: { ms: 30000 } },
      { timeout: { ms: 120000 } },
    ]);
    expect(timeoutPolicies.seconds(2)).toEqual({ timeout: { ms: 2000 } });
    expect(timeoutPolicies.withError(5, "SLOW")).toEqual({ timeout: { ms: 5, error: "SLOW" } });
    expect(timeoutPolicies.withSignal(5)).toEqual({ timeout: { ms: 5, signal: true } });
    expect(servicePolicies).toEqual({
      httpApi: {
        timeout: { ms: 5000 },
        retry: {
          attempts: 3,
          backoff: "exponential",
          initialDelay: 200,
          maxDelay: 5000,
          jitter: true,
        },
      },
      database: {
        timeout: { ms: 30000 },
        retry: {
          attempts: 2,
          backoff: "exponential",
          initialDelay: 100,
          maxDelay: 2000,
          jitter: true,
        },
      },
      cache: { timeout: { ms: 1000 }, retry: { attempts: 1 } },
      messageQueue: {
        timeout: { ms: 30000 },
        retry: {
          attempts: 5,
          backoff: "exponential",
          initialDelay: 500,
          maxDelay: 30000,
          jitter: true,
        },
      },
      fileSystem: {
        timeout: { ms: 120000 },
        retry: {
          attempts: 3,
          backoff: "exponential",
          initialDelay: 200,
          maxDelay: 5000,
          jitter: true,
        },
      },
      rateLimited: {
        timeout: { ms: 10000 },
        retry: {
          attempts: 5,
          backoff: "linear",
          initialDelay: 1000,
          maxDelay: 10000,
          jitter: true,
        },
      },
    });
    expect(servicePolicies.httpApi.retry).not.toBe(retryPolicies.standard.retry);
    const options = { ms: 5 };
    expect(timeoutPolicy(options).timeout).toBe(options);
    const retry = { attempts: 2 };
    expect(retryPolicy(retry).retry).toBe(retry);
  });

  it("reject bad numbers with a RangeError naming the option", () => {
    expect(() => retryPolicies.fixed(-1, 10)).toThrow(/attempts.*-1/);
    expect(() => retryPolicies.linear(2, Number.NaN)).toThrow(/initialDelay.*NaN/);
    expect(() => retryPolicies.custom({ attempts: 1.5 })).toThrow(RangeError);
    expect(() => timeoutPolicies.ms(0)).toThrow(/ms.*0/);
    expect(() => timeoutPolicies.seconds(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => stepOptions().timeout(-5)).toThrow(RangeError);
  });
});

describe("selection", () => {
  it("conditionalPolicy returns the given objects", () => {
    expect(conditionalPolicy(true, timeoutPolicies.fast)).toBe(timeoutPolicies.fast);
    expect(conditionalPolicy(false, timeoutPolicies.fast, timeoutPolicies.api)).toBe(
      timeoutPolicies.api,
    );
    expect(conditionalPolicy(false, timeoutPolicies.fast)).toEqual({});
  });

  it("envPolicy reads NODE_ENV and only own keys", () => {
    const policies = { production: timeoutPolicies.api, test: timeoutPolicies.fast };
    expect(envPolicy(policies)).toBe(timeoutPolicies.fast);
    expect(envPolicy(policies, "production")).toBe(timeoutPolicies.api);
    expect(envPolicy(policies, "toString", retryPolicies.none)).toBe(retryPolicies.none);
  });
});

describe("createPolicyRegistry", () => {
  it("registers, lists in first-registration order and applies by name", () => {
    const registry = createPolicyRegistry();
    registry.register("api", servicePolicies.httpApi);
    registry.register("db", servicePolicies.database);
    registry.register("api", timeoutPolicies.fast);
    expect(registry.names()).toEqual(["api", "db"]);
    expect(registry.get("api")).toBe(timeoutPolicies.fast);
    expect(registry.has("db")).toBe(true);
    expect(registry.apply("api", "load")).toEqual({ timeout: { ms: 1000 }, name: "load" });
    expect(() => registry.apply("missing")).toThrow("Policy not found: missing");
  });
});

describe("stepOptions builder", () => {
  it("appends in call order; later calls win", () => {
    const retryOn = () => true;
    const builder = stepOptions().timeout(10).policy(timeoutPolicies.withSignal(20)).timeout(5000);
    expect(builder.build()).toEqual({ timeout: { ms: 5000, signal: true } });
    const retry = stepOptions()
      .retry({ attempts: 2, backoff: "linear", retryOn })
      .retries(3)
      .name("n")
      .key("k")
      .build();
    expect(retry).toEqual({
      retry: {
        attempts: 3,
        backoff: "exponential",
        retryOn,
        initialDelay: 100,
        maxDelay: 30000,
        jitter: true,
      },
      name: "n",
      key: "k",
    });
    expect(builder.build()).not.toBe(builder.build());
  });
});

describe("policies on real createWorkflow steps", () => {
  it("retries and times out as the merged policy says", async () => {
    vi.useFakeTimers();
    const events: WorkflowEvent<unknown, unknown>[] = [];
    let calls = 0;
    const flaky = async (): AsyncResult<string, "BUSY"> => (++calls < 3 ? err("BUSY") : ok("done"));
    const slow = (): AsyncResult<string, "BUSY"> => new Promise(() => {});
    const workflow = createWorkflow({ flaky, slow }, { onEvent: (e) => void events.push(e) });
    const pending = workflow(async (step, deps) => {
      const first = await step(
        () => deps.flaky(),
        withPolicy(retryPolicies.fixed(3, 50), { name: "flaky", key: "f" }),
      );
      await step(
        () => deps.slow(),
        stepOptions().name("slow").policy(timeoutPolicies.ms(200)).build(),
      );
      return first;
    });
    await vi.advanceTimersByTimeAsync(50 + 50 + 200);
    const result = await pending;
    expect(calls).toBe(3);
    expect(
      events
        .filter((e) => e.type === "step_retry")
        .map((e) => (e.type === "step_retry" ? e.delayMs : 0)),
    ).toEqual([50, 50]);
    expect(events.find((e) => e.type === "step_timeout")).toMatchObject({
      name: "slow",
      timeoutMs: 200,
    });
    expect(result.ok).toBe(false);
  });
});
