// Hand-written because core may not assume `btoa`/`Buffer` (see host-globals.d.ts).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** @internal Bytes as standard padded base64. */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    out += rest > 1 ? ALPHABET.charAt((n >> 6) & 63) : "=";
    out += rest > 2 ? ALPHABET.charAt(n & 63) : "=";
  }
  return out;
}

/** @internal Standard padded base64 back to bytes; `undefined` when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const padded = i + 4 === text.length && k >= 4 - pad;
      const digit = padded ? 0 : ALPHABET.indexOf(text.charAt(i + k));
      if (digit < 0) return undefined;
      n = (n << 6) | digit;
    }
    bytes[at++] = (n >> 16) & 255;
    if (at < bytes.length) bytes[at++] = (n >> 8) & 255;
    if (at < bytes.length) bytes[at++] = n & 255;
  }
  return bytes;
}
