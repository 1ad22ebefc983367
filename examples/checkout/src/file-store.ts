import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyValueStore } from "@awaitly/core";

type Entry = { value: string; expiresAt: number | null };

/**
 * The embedded default store: one JSON file per key under `dir`, written atomically (temp file +
 * rename) so a crash never leaves half an entry. Good for one process; use Redis for several.
 */
export function createFileStore(dir: string): KeyValueStore {
  const ready = mkdir(dir, { recursive: true });
  // Keys become file names; encoding keeps ":" and "/" from escaping or clashing.
  const fileOf = (key: string) => join(dir, `${encodeURIComponent(key)}.json`);
  let tmpCounter = 0;

  const read = async (key: string): Promise<Entry | null> => {
    await ready;
    try {
      const entry = JSON.parse(await readFile(fileOf(key), "utf8")) as Entry;
      if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
        await rm(fileOf(key), { force: true });
        return null;
      }
      return entry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };

  const globToRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("")}$`,
    );

  return {
    async get(key) {
      return (await read(key))?.value ?? null;
    },
    async set(key, value, options) {
      await ready;
      const ttl = options?.ttl;
      const entry: Entry = { value, expiresAt: ttl ? Date.now() + ttl * 1000 : null };
      const tmp = join(dir, `.tmp-${process.pid}-${++tmpCounter}`);
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, fileOf(key));
    },
    async delete(key) {
      const existed = (await read(key)) !== null;
      await rm(fileOf(key), { force: true });
      return existed;
    },
    async exists(key) {
      return (await read(key)) !== null;
    },
    async keys(pattern = "*") {
      await ready;
      const match = globToRegExp(pattern);
      const names = await readdir(dir);
      const keys: string[] = [];
      for (const name of names) {
        if (!name.endsWith(".json") || name.startsWith(".tmp-")) continue;
        const key = decodeURIComponent(name.slice(0, -".json".length));
        if (match.test(key) && (await read(key)) !== null) keys.push(key);
      }
      return keys.sort();
    },
  };
}
