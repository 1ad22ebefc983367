// A lone surrogate has no UTF-8 form: drivers write U+FFFD for it, so the text would not read back
// as written and two different keys would name one entry. In `u` mode only an unpaired surrogate
// is a \p{Cs} code point.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Throws a `TypeError` naming `what` when `value` is not a string or holds a lone UTF-16 surrogate
 * (half of an emoji cut by `slice`, say). Stores call it on every key, run id, lock name and text
 * value before anything is written, so nothing is silently changed or aliased.
 * @example
 * assertWellFormedText("MyStore.set", "key", key);
 */
export function assertWellFormedText(where: string, what: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`${where}: ${what} must be a string, got ${typeof value}`);
  }
  const found = LONE_SURROGATE.exec(value);
  if (found !== null) {
    const code = found[0].charCodeAt(0).toString(16).toUpperCase();
    throw new TypeError(
      `${where}: ${what} ${JSON.stringify(value)} holds a lone UTF-16 surrogate (\\u${code} at index ${found.index}), which has no UTF-8 form: it would be stored as U+FFFD and alias other text. Pass well-formed text (cut strings by code point, e.g. Array.from(text).slice(0, n).join(""))`,
    );
  }
  return value;
}
