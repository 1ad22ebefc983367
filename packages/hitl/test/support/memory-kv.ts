import type { KeyValueStore } from "@awaitly/core";

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );

/** A KeyValueStore in memory that honours the contract (TTL in seconds via Date.now, glob keys). */
export function createMemoryKV(): KeyValueStore & {
  raw: Map<string, string>;
  ttls: Map<string, number>;
} {
  const raw = new Map<string, string>();
  const expires = new Map<string, number>();
  const ttls = new Map<string, number>();
  const live = (key: string) => {
    const at = expires.get(key);
    if (at !== undefined && Date.now() >= at) {
      raw.delete(key);
      expires.delete(key);
    }
    return raw.has(key);
  };
  return {
    raw,
    ttls,
    get: async (key) => (live(key) ? raw.get(key)! : null),
    set: async (key, value, options) => {
      raw.set(key, value);
      expires.delete(key);
      ttls.delete(key);
      if (options?.ttl !== undefined) {
        expires.set(key, Date.now() + options.ttl * 1000);
        ttls.set(key, options.ttl);
      }
    },
    delete: async (key) => live(key) && raw.delete(key),
    exists: async (key) => live(key),
    keys: async (pattern) => {
      const re = pattern === undefined ? undefined : globToRegExp(pattern);
      return [...raw.keys()].filter((k) => live(k) && (re === undefined || re.test(k)));
    },
  };
}
