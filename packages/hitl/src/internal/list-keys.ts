import type { KeyValueStore } from "@awaitly/core";

/** @internal Keys under `prefix`; a prefix with glob characters is matched in code, not by the store. */
export async function listKeys(kv: KeyValueStore, prefix: string): Promise<string[]> {
  const literal = !/[*?[\]\\]/.test(prefix);
  const keys = literal ? await kv.keys(`${prefix}*`) : await kv.keys();
  return keys.filter((key) => key.startsWith(prefix));
}
