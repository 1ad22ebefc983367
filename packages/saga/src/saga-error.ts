import type { SagaCompensationError } from "./types";

/** True for a `SagaCompensationError` (checks the `type` discriminant). */
export function isSagaCompensationError(error: unknown): error is SagaCompensationError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { type?: unknown }).type === "SAGA_COMPENSATION_ERROR"
  );
}
