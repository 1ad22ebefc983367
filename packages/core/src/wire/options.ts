/** Options of every wire encode and decode. */
export interface WireOptions {
  /**
   * The name a refused or unreadable part's `path` starts from (`input`, `payload`, `outcome`…).
   * Defaults to the function's own: `"value"`, `"result"`, `"cause"`, `"meta"` or `"entry"`.
   */
  root?: string | undefined;
  /** How many levels of objects, arrays, Maps, Sets and Errors may nest before the value is refused. Defaults to `1000`. */
  maxDepth?: number | undefined;
}

/** The defaults the wire codec applies. */
export const DEFAULT_WIRE_OPTIONS = { maxDepth: 1000 } as const;

/** @internal Reads the options once per call; bad values are programmer errors and throw. */
export function readWireOptions(
  where: string,
  options: WireOptions | undefined,
  defaultRoot: string,
): { root: string; maxDepth: number } {
  const root = options?.root ?? defaultRoot;
  if (typeof root !== "string") {
    throw new TypeError(`${where}: option "root" must be a string, got ${typeof root}`);
  }
  const maxDepth = options?.maxDepth ?? DEFAULT_WIRE_OPTIONS.maxDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(
      `${where}: option "maxDepth" must be a positive integer, got ${String(maxDepth)}`,
    );
  }
  return { root, maxDepth };
}
