const SAFE = /^[A-Za-z0-9_-]$/;
const ENCODED = /^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})*$/;
const HASHED = /^~[0-9a-f]{64}$/;
const TEMP = /^(.*)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

// NAME_MAX on ext4, APFS, NTFS and most others, in bytes.
const MAX_NAME_BYTES = 255;
// What `setAsync` appends for its temp file: "." + a UUID + ".tmp".
const TEMP_SUFFIX_BYTES = 41;

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

/**
 * @internal The base file name of `key`: its encoding when the file name (and its temp name) fit
 * the file system's limit, else `~` + the key's SHA-256 in hex. `~` is never in an encoding, so
 * the two forms cannot meet; a hashed file stores its key so a read can check it.
 */
export async function fileStem(
  key: string,
  extension: string,
): Promise<{ stem: string; hashed: boolean }> {
  const encoded = encodeFileKey(key);
  const extensionBytes = new TextEncoder().encode(extension).length;
  if (encoded.length + extensionBytes + TEMP_SUFFIX_BYTES <= MAX_NAME_BYTES) {
    return { stem: encoded, hashed: false };
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0"));
  return { stem: `~${hex.join("")}`, hashed: true };
}

/** @internal True for a base name `fileStem` can produce. */
export function isCacheFileStem(name: string): boolean {
  return ENCODED.test(name) || HASHED.test(name);
}

/** @internal The entry file name a temp file of `setAsync` was written for, or undefined for other names. */
export function tempFileTarget(name: string): string | undefined {
  return TEMP.exec(name)?.[1];
}
