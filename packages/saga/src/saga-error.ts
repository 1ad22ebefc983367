import { hasType } from "@awaitly/core";
import type { SagaCompensationError } from "./types";

/** True for a `SagaCompensationError` (checks the `type` discriminant). */
export function isSagaCompensationError(error: unknown): error is SagaCompensationError {
  return hasType(error, "SAGA_COMPENSATION_ERROR");
}
