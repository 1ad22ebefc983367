import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { AWAITLY_ATTRIBUTES as A } from "../attributes";
import { errorOf, errorType } from "./error-type";

/** @internal Marks a span failed: status ERROR, `error.type` (and `awaitly.error.type`), the exception. */
export function failSpan(span: Span, error: unknown): void {
  const type = errorType(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.setAttribute(A.errorType, type);
  span.setAttribute(A.errorTypeSemconv, type);
  const cause = errorOf(error);
  if (cause) span.recordException(cause);
}
