// How a run's step timeline (in Redis, in the test environment, in the console) names a failure:
// one reading, so every engine shows the same row for the same error.

/**
 * The `type` of an error value: an `UnexpectedError`'s thrown `Error`'s `name`, else the value's
 * `type`, else its `name`; `undefined` for anything else.
 * @example
 * errorTypeOf({ type: "DECLINED" }); // "DECLINED"
 */
export function errorTypeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { type, name, cause } = error as { type?: unknown; name?: unknown; cause?: unknown };
  if (type === "UNEXPECTED_ERROR" && typeof cause === "object" && cause !== null) {
    const thrown = (cause as { thrown?: unknown }).thrown;
    if (thrown instanceof Error) return thrown.name;
  }
  if (typeof type === "string") return type;
  return typeof name === "string" ? name : undefined;
}

/**
 * A short message for an error value (its `message`, or the thrown `Error`'s of an
 * `UnexpectedError`), at most 500 characters; `undefined` when it has none.
 * @example
 * errorMessageOf(new Error("card declined")); // "card declined"
 */
export function errorMessageOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { message, cause } = error as { message?: unknown; cause?: unknown };
  if (typeof message === "string") return message.slice(0, 500);
  const thrown = (cause as { thrown?: unknown } | undefined)?.thrown;
  if (thrown instanceof Error) return thrown.message.slice(0, 500);
  return undefined;
}
