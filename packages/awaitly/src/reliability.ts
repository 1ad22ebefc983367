// awaitly/reliability: circuit breaker, rate limiting, policies and sagas in one import.
export * from "@awaitly/circuit-breaker";
export * from "@awaitly/ratelimit";
export * from "@awaitly/policies";
export * from "@awaitly/saga";
