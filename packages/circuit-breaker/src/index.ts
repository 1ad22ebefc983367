export type { CircuitState, CircuitBreakerConfig, CircuitBreakerStats } from "./types";
export type { CircuitBreaker } from "./circuit-breaker";
export { createCircuitBreaker, DEFAULT_CIRCUIT_BREAKER_CONFIG } from "./circuit-breaker";
export { CircuitOpenError, isCircuitOpenError } from "./circuit-open-error";
export { circuitBreakerPresets } from "./presets";
