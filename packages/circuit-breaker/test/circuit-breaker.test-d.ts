import { describe, expectTypeOf, it } from "vitest";
import { err, ok, type AsyncResult, type Clock, type Result } from "@awaitly/core";
import {
  type CircuitOpenError,
  createCircuitBreaker,
  isCircuitOpenError,
  type CircuitBreaker,
  type CircuitBreakerConfig,
  type CircuitBreakerStats,
  type CircuitState,
} from "@awaitly/circuit-breaker";

declare const breaker: CircuitBreaker;

describe("createCircuitBreaker", () => {
  it("returns a CircuitBreaker from a name and an optional partial config", () => {
    expectTypeOf(createCircuitBreaker("payments")).toEqualTypeOf<CircuitBreaker>();
    expectTypeOf(
      createCircuitBreaker("payments", { failureThreshold: 3 }),
    ).toEqualTypeOf<CircuitBreaker>();
    // @ts-expect-error failureThreshold is a number, not a string
    createCircuitBreaker("payments", { failureThreshold: "3" });
  });

  it("infers execute's value from the operation", () => {
    expectTypeOf(breaker.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(breaker.execute(async () => "s")).toEqualTypeOf<Promise<string>>();
  });

  it("adds CircuitOpenError to executeResult's error union", () => {
    const r = breaker.executeResult((): Result<number, "DECLINED"> =>
      Math.random() > 0.5 ? ok(1) : err("DECLINED"),
    );
    expectTypeOf(r).toEqualTypeOf<AsyncResult<number, "DECLINED" | CircuitOpenError>>();
  });

  it("types state and stats", () => {
    expectTypeOf(breaker.getState()).toEqualTypeOf<CircuitState>();
    expectTypeOf(breaker.getStats()).toEqualTypeOf<CircuitBreakerStats>();
    expectTypeOf<CircuitState>().toEqualTypeOf<"CLOSED" | "OPEN" | "HALF_OPEN">();
  });
});

describe("isCircuitOpenError", () => {
  it("narrows unknown to CircuitOpenError", () => {
    const e: unknown = null;
    if (isCircuitOpenError(e)) {
      expectTypeOf(e).toEqualTypeOf<CircuitOpenError>();
      expectTypeOf(e.type).toEqualTypeOf<"CIRCUIT_OPEN">();
      expectTypeOf(e.retryAfterMs).toEqualTypeOf<number>();
    }
  });
});

describe("CircuitBreakerConfig.clock", () => {
  it("takes an optional Clock", () => {
    expectTypeOf<CircuitBreakerConfig["clock"]>().toEqualTypeOf<Clock | undefined>();
    // @ts-expect-error a clock is an object with now, setTimeout and clearTimeout
    createCircuitBreaker("x", { clock: () => 0 });
  });
});
