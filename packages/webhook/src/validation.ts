import { hasType, err, ok, type Result } from "@awaitly/core";

/** The outcome of validating input: the parsed value or an error. */
export type ValidationResult<T, E = string> = Result<T, E>;

/** A validation failure; `field` names the offending field when there is one. */
export interface ValidationError {
  type: "VALIDATION_ERROR";
  message: string;
  field?: string | undefined;
  details?: unknown;
}

/** True for a `ValidationError` (checks the `type` discriminant only). */
export function isValidationError(e: unknown): e is ValidationError {
  return hasType(e, "VALIDATION_ERROR");
}

/** Builds a `ValidationError`. */
export function validationError(
  message: string,
  field?: string,
  details?: unknown,
): ValidationError {
  return { type: "VALIDATION_ERROR", message, field, details };
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "";

/**
 * A validator failing when any of `fields` is missing (`undefined`, `null` or `""`). The error
 * names the first missing field (`field`, message) and lists all of them in `details.fields`.
 * @example
 * const validate = requireFields(["orderId", "amount"]);
 * validate({ orderId: "o1" }); // err: Missing required field: amount
 */
export function requireFields(
  fields: string[],
): (body: Record<string, unknown>) => ValidationResult<void, ValidationError> {
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === "string")) {
    throw new TypeError(`requireFields: fields must be an array of strings, got ${String(fields)}`);
  }
  return (body) => {
    // A missing or non-object body lacks every field: a 400, not a crash.
    const source: Record<string, unknown> =
      typeof body === "object" && body !== null
        ? body
        : (Object.create(null) as Record<string, unknown>);
    const missing = fields.filter((field) => isBlank(source[field]));
    const first = missing[0];
    if (first === undefined) return ok(undefined);
    return err(validationError(`Missing required field: ${first}`, first, { fields: missing }));
  };
}

/** Runs validators in order and returns the first failure, or `ok(undefined)`. */
export function composeValidators<T>(
  ...validators: Array<(input: T) => ValidationResult<void, ValidationError>>
): (input: T) => ValidationResult<void, ValidationError> {
  return (input) => {
    for (const validate of validators) {
      const result = validate(input);
      if (!result.ok) return result;
    }
    return ok(undefined);
  };
}
