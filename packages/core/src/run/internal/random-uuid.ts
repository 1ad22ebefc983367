// A version 4 UUID (RFC 9562) for each workflow invocation and listened run, from the Web Crypto
// random generator. `crypto.randomUUID()` gives the same, but in Node each call also goes
// through the lazy `globalThis.crypto` getter, a receiver check and option validation, about half
// its cost (and browsers offer it only in secure contexts, `getRandomValues` everywhere). Random
// bytes are drawn in batches, as Node's `randomUUID` does, and formatted in one string allocation.

const BATCH_BYTES = 4096; // 256 ids per call to getRandomValues
let pool: Uint8Array | undefined;
let offset = BATCH_BYTES;

const HEX = "0123456789abcdef";
const DASH = 45;

const hi = (b: Uint8Array, i: number): number => HEX.charCodeAt((b[i] as number) >> 4);
const lo = (b: Uint8Array, i: number): number => HEX.charCodeAt((b[i] as number) & 15);

/** @internal A fresh random v4 UUID, `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx` in lower case. */
export function randomUuid(): string {
  if (offset === BATCH_BYTES) {
    pool ??= new Uint8Array(BATCH_BYTES);
    crypto.getRandomValues(pool);
    offset = 0;
  }
  const b = pool as Uint8Array;
  const o = offset;
  offset += 16;
  b[o + 6] = ((b[o + 6] as number) & 0x0f) | 0x40; // version 4
  b[o + 8] = ((b[o + 8] as number) & 0x3f) | 0x80; // variant 10
  // One call with 36 char codes builds a flat string; concatenating 20 pieces costs twice as much.
  // prettier-ignore
  return String.fromCharCode(
    hi(b, o), lo(b, o), hi(b, o + 1), lo(b, o + 1), hi(b, o + 2), lo(b, o + 2), hi(b, o + 3), lo(b, o + 3),
    DASH, hi(b, o + 4), lo(b, o + 4), hi(b, o + 5), lo(b, o + 5),
    DASH, hi(b, o + 6), lo(b, o + 6), hi(b, o + 7), lo(b, o + 7),
    DASH, hi(b, o + 8), lo(b, o + 8), hi(b, o + 9), lo(b, o + 9),
    DASH, hi(b, o + 10), lo(b, o + 10), hi(b, o + 11), lo(b, o + 11), hi(b, o + 12), lo(b, o + 12),
    hi(b, o + 13), lo(b, o + 13), hi(b, o + 14), lo(b, o + 14), hi(b, o + 15), lo(b, o + 15),
  );
}
