// awaitly/circuit-breaker: re-exports @awaitly/circuit-breaker unchanged.
export * from "@awaitly/circuit-breaker";
