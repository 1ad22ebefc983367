/**
 * @internal One message template for every argument check ("<where>: <what> must be <expected>,
 * got <value>"), so bundles carry the wording once instead of once per check.
 */
export function badInput(
  where: string,
  what: string,
  expected: string,
  value: unknown,
  Kind: typeof TypeError | typeof RangeError = TypeError,
): Error {
  return new Kind(`${where}: ${what} must be ${expected}, got ${describeValue(value)}`);
}

/**
 * @internal A short, never-throwing rendering of a bad value for error messages: primitives as
 * written, plain objects and arrays as (truncated) JSON, anything else by its kind (`[object Map]`).
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? "a function" : String(value);
  }
  const kind = Object.prototype.toString.call(value);
  try {
    return kind === "[object Object]" || Array.isArray(value)
      ? JSON.stringify(value).slice(0, 80)
      : kind;
  } catch {
    return kind;
  }
}
