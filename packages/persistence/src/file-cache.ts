import type { Result, StepCache } from "@awaitly/core";
import { fileStem, isCacheFileStem, tempFileTarget } from "./internal/file-name";
import { deserializeResult, serializeResult, type SerializedResult } from "./serialize";
import { checkSerializedResult } from "./internal/check-result";

/** The async file operations the file cache needs (adapt `node:fs/promises` or any other file system). */
export interface FileSystemInterface {
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  /**
   * Atomically replaces `to` with `from` (POSIX `rename`). With it, each write goes to a temp file
   * that is then renamed, so a crash never leaves a torn entry; without it, entries are written in
   * place and a crash mid-write leaves a file that reads as a miss. Defaults to none.
   */
  rename?: ((from: string, to: string) => Promise<void>) | undefined;
  unlink(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
}

/** Options for `createFileCache`. */
export interface FileCacheOptions {
  /** Directory holding one file per key. */
  directory: string;
  /** Appended verbatim to every file name (include the dot). Defaults to `".json"`. */
  extension?: string | undefined;
  /** The file system to use; required. */
  fs?: FileSystemInterface | undefined;
}

/** The defaults `createFileCache` applies. */
export const DEFAULT_FILE_CACHE_OPTIONS = { extension: ".json" } as const;

/** A `StepCache` backed by one JSON file per key; the sync methods use an in-memory mirror. */
export interface FileCache extends StepCache {
  init(): Promise<void>;
  getAsync(key: string): Promise<Result<unknown, unknown, unknown> | undefined>;
  setAsync(key: string, result: Result<unknown, unknown, unknown>): Promise<void>;
  deleteAsync(key: string): Promise<boolean>;
  clearAsync(): Promise<void>;
}

const FS_METHODS = ["readFile", "writeFile", "unlink", "exists", "readdir", "mkdir"];

/**
 * Creates a step cache that stores each key in its own file, written atomically (temp file +
 * rename) when `fs` has `rename`. Any key round-trips: keys too long for a file name are stored
 * under their SHA-256 with the key inside. `init` creates the directory and removes temp files
 * left by interrupted writes.
 * @example
 * const cache = createFileCache({ directory: "./.cache/steps", fs: nodeFs });
 * await cache.init();
 * await cache.setAsync("user:1", ok({ id: 1 }));
 */
export function createFileCache(options: FileCacheOptions): FileCache {
  const fs = options.fs;
  if (fs === undefined || fs === null) {
    throw new Error(
      "File system interface is required. Pass fs option with readFile, writeFile, etc.",
    );
  }
  const missing = FS_METHODS.filter(
    (name) => typeof (fs as unknown as Record<string, unknown>)[name] !== "function",
  );
  if (missing.length > 0) {
    throw new TypeError(`createFileCache: option "fs" lacks ${missing.join(", ")}`);
  }
  if (fs.rename !== undefined && typeof fs.rename !== "function") {
    throw new TypeError(`createFileCache: option "fs.rename" must be a function when given`);
  }
  const { directory } = options;
  if (typeof directory !== "string" || directory === "" || directory.includes("\0")) {
    throw new TypeError(
      `createFileCache: option "directory" must be a non-empty path without NUL, got ${JSON.stringify(directory)}`,
    );
  }
  const extension = options.extension ?? DEFAULT_FILE_CACHE_OPTIONS.extension;
  if (typeof extension !== "string" || /[/\\\0]/.test(extension)) {
    throw new TypeError(
      `createFileCache: option "extension" must be a string without "/", "\\" or NUL, got ${JSON.stringify(extension)}`,
    );
  }

  const mirror = new Map<string, Result<unknown, unknown, unknown>>();
  const locate = async (key: string): Promise<{ path: string; hashed: boolean }> => {
    const { stem, hashed } = await fileStem(key, extension);
    return { path: `${directory}/${stem}${extension}`, hashed };
  };
  const isEntryName = (name: string): boolean =>
    name.endsWith(extension) && isCacheFileStem(name.slice(0, name.length - extension.length));

  return {
    get: (key) => mirror.get(key),
    set: (key, result) => void mirror.set(key, result),
    has: (key) => mirror.has(key),
    delete: (key) => mirror.delete(key),
    clear: () => mirror.clear(),

    async init() {
      await fs.mkdir(directory, { recursive: true });
      // A temp file outlives its write only when the process died between write and rename.
      for (const name of await fs.readdir(directory)) {
        const target = tempFileTarget(name);
        if (target === undefined || !isEntryName(target)) continue;
        await fs.unlink(`${directory}/${name}`).catch(() => undefined);
      }
    },

    async getAsync(key) {
      try {
        const { path, hashed } = await locate(key);
        if (!(await fs.exists(path))) return undefined;
        const parsed: unknown = JSON.parse(await fs.readFile(path));
        if (hashed && (parsed as { key?: unknown }).key !== key) return undefined;
        const result = deserializeResult(checkSerializedResult(parsed));
        mirror.set(key, result);
        return result;
      } catch {
        return undefined;
      }
    },

    async setAsync(key, result) {
      const { path, hashed } = await locate(key);
      const serialized: SerializedResult & { key?: string } = serializeResult(result);
      if (hashed) serialized.key = key;
      const data = JSON.stringify(serialized, null, 2);
      const rename = fs.rename;
      if (rename === undefined) {
        await fs.writeFile(path, data);
        mirror.set(key, result);
        return;
      }
      // The temp name ends in ".tmp", so clearAsync and readers never take it for an entry.
      const temp = `${path}.${crypto.randomUUID()}.tmp`;
      await fs.writeFile(temp, data);
      try {
        await rename.call(fs, temp, path);
      } catch (error) {
        await fs.unlink(temp).catch(() => undefined);
        throw error;
      }
      mirror.set(key, result);
    },

    async deleteAsync(key) {
      try {
        await fs.unlink((await locate(key)).path);
      } catch {
        return false;
      }
      mirror.delete(key);
      return true;
    },

    async clearAsync() {
      try {
        for (const name of await fs.readdir(directory)) {
          // Only names this cache can produce: foreign files with the same extension stay.
          if (!isEntryName(name)) continue;
          await fs.unlink(`${directory}/${name}`);
        }
        mirror.clear();
      } catch {
        // Matches 1.0.0: a failed clear leaves the mirror as it was.
      }
    },
  };
}
