const SAFE = /^[A-Za-z0-9_-]$/;
const ENCODED = /^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})*$/;

/**
 * @internal Maps a cache key to a file name one-to-one: `[A-Za-z0-9_-]` stay, every other UTF-8 byte
 * becomes `%XX`. `.`, `/`, `\` and NUL are always escaped, so no key can name a path outside the
 * directory, and no two keys share a file.
 */
export function encodeFileKey(key: string): string {
  let out = "";
  for (const char of key) {
    if (SAFE.test(char)) {
      out += char;
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/** @internal True for a base name `encodeFileKey` can produce. */
export function isEncodedFileKey(name: string): boolean {
  return ENCODED.test(name);
}
