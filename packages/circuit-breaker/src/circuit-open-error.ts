import { hasType } from "@awaitly/core";
import type { CircuitState } from "./types";

/** Thrown (or returned as `err`) when the circuit refuses a call; `retryAfterMs` says when to retry. */
export class CircuitOpenError extends Error {
  readonly type = "CIRCUIT_OPEN" as const;
  readonly circuitName: string;
  readonly state: CircuitState;
  readonly retryAfterMs: number;

  constructor(options: {
    circuitName: string;
    state: CircuitState;
    retryAfterMs: number;
    message?: string | undefined;
  }) {
    super(
      options.message ??
        `Circuit breaker "${options.circuitName}" is ${options.state}. Retry after ${Math.ceil(options.retryAfterMs / 1000)}s`,
    );
    this.circuitName = options.circuitName;
    this.state = options.state;
    this.retryAfterMs = options.retryAfterMs;
    this.name = "CircuitOpenError";
  }
}

/** True for a circuit-open refusal (checks `type`, so it works across package copies). */
export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return hasType(error, "CIRCUIT_OPEN");
}
