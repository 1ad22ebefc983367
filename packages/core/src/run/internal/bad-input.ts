/**
 * @internal One message template for every argument check ("<where>: <what> must be <expected>,
 * got <got>"), so bundles carry the wording once instead of once per check.
 */
export function badInput(
  where: string,
  what: string,
  expected: string,
  got: string,
  Kind: typeof TypeError | typeof RangeError = TypeError,
): Error {
  return new Kind(`${where}: ${what} must be ${expected}, got ${got}`);
}

/** @internal A short, never-throwing rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (typeof value !== "object") return typeof value;
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? "an object";
  } catch {
    return Object.prototype.toString.call(value);
  }
}
