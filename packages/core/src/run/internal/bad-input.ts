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
