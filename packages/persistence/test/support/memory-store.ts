import type { KeyValueStore } from "@awaitly/core";

/** A small in-process KeyValueStore that meets core's contract (TTL in seconds, glob keys). */
export function createMemoryStore(): KeyValueStore & {
  calls: Array<[string, ...unknown[]]>;
  data: Map<string, string>;
} {
  const data = new Map<string, string>();
  const expires = new Map<string, number>();
  const calls: Array<[string, ...unknown[]]> = [];
  const live = (key: string): boolean => {
    const at = expires.get(key);
    if (at !== undefined && Date.now() >= at) {
      data.delete(key);
      expires.delete(key);
    }
    return data.has(key);
  };
  const glob = (pattern: string): RegExp =>
    new RegExp(
      `^${pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("")}$`,
    );
  return {
    calls,
    data,
    async get(key) {
      calls.push(["get", key]);
      return live(key) ? (data.get(key) ?? null) : null;
    },
    async set(...args) {
      const [key, value, options] = args;
      calls.push(["set", ...args]);
      data.set(key, value);
      if (options?.ttl) expires.set(key, Date.now() + options.ttl * 1000);
      else expires.delete(key);
    },
    async delete(key) {
      calls.push(["delete", key]);
      const had = live(key);
      data.delete(key);
      return had;
    },
    async exists(key) {
      calls.push(["exists", key]);
      return live(key);
    },
    async keys(pattern = "*") {
      calls.push(["keys", pattern]);
      const re = glob(pattern);
      return [...data.keys()].filter((k) => live(k) && re.test(k));
    },
  };
}
