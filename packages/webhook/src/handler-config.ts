import type { ErrorResponseBody, WebhookRequest, WebhookResponse } from "./types";
import type { ValidationError, ValidationResult } from "./validation";
import type { WebhookSafetyOptions } from "./safety";

/** What every handler config has: input validation, error mappers and the safety options. */
export interface HandlerBaseConfig<TInput, TBody = unknown> extends WebhookSafetyOptions<TBody> {
  /** Turns the request into the input, or a `ValidationError` (→ 400). */
  validateInput: (
    req: WebhookRequest<TBody>,
  ) =>
    ValidationResult<TInput, ValidationError> | Promise<ValidationResult<TInput, ValidationError>>;
  /** Defaults to `defaultValidationErrorMapper` (400). */
  mapValidationError?:
    | ((error: ValidationError, req: WebhookRequest<TBody>) => WebhookResponse<ErrorResponseBody>)
    | undefined;
  /** Defaults to `defaultUnexpectedErrorMapper` (generic 500). */
  mapUnexpectedError?:
    | ((error: unknown, req: WebhookRequest<TBody>) => WebhookResponse<ErrorResponseBody>)
    | undefined;
}
