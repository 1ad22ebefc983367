import type { ErrorResponseBody, WebhookResponse } from "./types";
import type { ValidationError } from "./validation";

/** 400 with the validation message and the offending field name(s). */
export function defaultValidationErrorMapper(
  error: ValidationError,
): WebhookResponse<ErrorResponseBody> {
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  return {
    status: 400,
    body: {
      error: {
        type: error.type,
        message: error.message,
        details: error.field
          ? Array.isArray(fields)
            ? { field: error.field, fields }
            : { field: error.field }
          : error.details,
      },
    },
  };
}

/** 500 with a generic message: nothing about the error reaches the client. */
export function defaultUnexpectedErrorMapper(_error: unknown): WebhookResponse<ErrorResponseBody> {
  return {
    status: 500,
    body: { error: { type: "INTERNAL_ERROR", message: "An unexpected error occurred" } },
  };
}
