import { err, ok } from "@awaitly/core";
import { createFileCache, type FileSystemInterface } from "@awaitly/persistence";
import { existsSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryFs } from "./support/memory-fs";
import { nodeFs } from "./support/node-fs";

let root: string;
let directory: string;
beforeEach(async () => {
  root = await fsp.mkdtemp(join(tmpdir(), "awaitly-file-cache-"));
  directory = join(root, "cache");
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

describe("createFileCache", () => {
  it("throws the 1.0.0 error when fs is missing", () => {
    expect(() => createFileCache({ directory: "x" })).toThrow(
      "File system interface is required. Pass fs option with readFile, writeFile, etc.",
    );
  });

  it("throws TypeError naming the missing fs methods", () => {
    const { unlink: _unlink, readdir: _readdir, ...partial } = nodeFs;
    expect(() => createFileCache({ directory: "x", fs: partial as never })).toThrow(
      /option "fs" lacks unlink, readdir/,
    );
  });

  it("stores pretty-printed JSON and reads it back in a new cache", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    await cache.setAsync("user:1", err("E", { cause: new Error("why") }));
    const files = await fsp.readdir(directory);
    expect(files).toStrictEqual(["user%3A1.json"]);
    const text = await fsp.readFile(join(directory, files[0] ?? ""), "utf8");
    expect(text.startsWith('{\n  "ok": false,\n  "error": "E"')).toBe(true);

    const other = createFileCache({ directory, fs: nodeFs });
    const restored = await other.getAsync("user:1");
    expect((restored as { cause: Error }).cause.message).toBe("why");
    expect(other.has("user:1")).toBe(true);
    expect(await other.getAsync("absent")).toBeUndefined();
  });

  it("keeps sync methods in memory only", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    cache.set("a", ok(1));
    expect(cache.get("a")).toStrictEqual(ok(1));
    expect(await fsp.readdir(directory)).toStrictEqual([]);
  });

  it("never writes to the final path directly, so a crash mid-write leaves the old entry whole", async () => {
    const writes: string[] = [];
    let crash = false;
    const crashingFs: FileSystemInterface = {
      ...nodeFs,
      writeFile: async (path, data) => {
        writes.push(path);
        // A crash half way through the write: only part of the data reaches the disk.
        if (crash) {
          await nodeFs.writeFile(path, data.slice(0, 5));
          throw new Error("ENOSPC");
        }
        await nodeFs.writeFile(path, data);
      },
    };
    const cache = createFileCache({ directory, fs: crashingFs });
    await cache.init();
    await cache.setAsync("k", ok("first"));
    crash = true;
    await expect(cache.setAsync("k", ok("second"))).rejects.toThrow("ENOSPC");
    expect(writes.every((path) => path.endsWith(".tmp"))).toBe(true);
    const fresh = createFileCache({ directory, fs: nodeFs });
    expect(await fresh.getAsync("k")).toStrictEqual(ok("first"));
  });

  it("removes the temp file when rename fails", async () => {
    const cache = createFileCache({
      directory,
      fs: { ...nodeFs, rename: () => Promise.reject(new Error("EXDEV")) },
    });
    await cache.init();
    await expect(cache.setAsync("k", ok(1))).rejects.toThrow("EXDEV");
    expect(await fsp.readdir(directory)).toStrictEqual([]);
    expect(cache.has("k")).toBe(false);
  });

  it("keeps every key inside its directory (../, absolute paths, NUL, backslashes)", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    const keys = ["../escape", "../../etc/passwd", "/abs/path", "a\0b", "..\\win", ".", "..", ""];
    for (const key of keys) await cache.setAsync(key, ok(key));
    expect(existsSync(join(root, "escape.json"))).toBe(false);
    expect((await fsp.readdir(root)).sort()).toStrictEqual(["cache"]);
    const files = await fsp.readdir(directory);
    expect(files).toHaveLength(keys.length);
    for (const name of files) expect(name).toMatch(/^[A-Za-z0-9_%-]*\.json$/);
    const fresh = createFileCache({ directory, fs: nodeFs });
    for (const key of keys) expect(await fresh.getAsync(key)).toStrictEqual(ok(key));
  });

  it("gives distinct keys distinct files when 1.0.0 would collide them", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    for (const key of ["a:b", "a.b", "a/b", "a_b", "é"]) await cache.setAsync(key, ok(key));
    expect(await fsp.readdir(directory)).toHaveLength(5);
  });

  it("deletes its entries on clearAsync and leaves names it cannot have written", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    await cache.setAsync("a", ok(1));
    await fsp.writeFile(join(directory, "tsconfig.base.json"), "{}");
    await fsp.writeFile(join(directory, "notes.txt"), "x");
    await cache.clearAsync();
    expect((await fsp.readdir(directory)).sort()).toStrictEqual([
      "notes.txt",
      "tsconfig.base.json",
    ]);
    expect(cache.has("a")).toBe(false);
  });

  it("returns false from deleteAsync and keeps the mirror when the file is missing", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    cache.set("a", ok(1));
    expect(await cache.deleteAsync("a")).toBe(false);
    expect(cache.has("a")).toBe(true);
    await cache.setAsync("a", ok(1));
    expect(await cache.deleteAsync("a")).toBe(true);
    expect(cache.has("a")).toBe(false);
  });

  it("returns undefined from getAsync when the file holds no Result", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    await fsp.writeFile(join(directory, "bad.json"), "{oops");
    await fsp.writeFile(join(directory, "shape.json"), '{"nope":1}');
    expect(await cache.getAsync("bad")).toBeUndefined();
    expect(await cache.getAsync("shape")).toBeUndefined();
  });

  it("rejects an extension containing a path separator", () => {
    expect(() => createFileCache({ directory, fs: nodeFs, extension: "/x" })).toThrow(TypeError);
  });

  it("round-trips keys longer than a file name allows, storing them under a hash", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    const keys = [
      "k".repeat(10_000),
      "é".repeat(300),
      `${"a".repeat(300)}:1`,
      `${"a".repeat(300)}:2`,
    ];
    for (const key of keys) await cache.setAsync(key, ok(key.length));
    const files = await fsp.readdir(directory);
    expect(files).toHaveLength(keys.length);
    for (const name of files) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    const fresh = createFileCache({ directory, fs: nodeFs });
    for (const key of keys) expect(await fresh.getAsync(key)).toStrictEqual(ok(key.length));
    expect(await fresh.deleteAsync(keys[0] ?? "")).toBe(true);
    await fresh.clearAsync();
    expect(await fsp.readdir(directory)).toStrictEqual([]);
  });

  it("keeps short keys under their readable name and hashes only past the limit", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    await cache.setAsync("a".repeat(200), ok(1));
    await cache.setAsync("a".repeat(210), ok(2));
    const names = (await fsp.readdir(directory)).sort();
    expect(names[0]).toBe(`${"a".repeat(200)}.json`);
    expect(names[1]).toMatch(/^~[0-9a-f]{64}\.json$/);
  });

  it("reads a hashed file as a miss when the key stored inside is another one", async () => {
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.init();
    const key = "x".repeat(400);
    await cache.setAsync(key, ok(1));
    const [name = ""] = await fsp.readdir(directory);
    const text = await fsp.readFile(join(directory, name), "utf8");
    await fsp.writeFile(join(directory, name), text.replace(key, "other"));
    expect(await createFileCache({ directory, fs: nodeFs }).getAsync(key)).toBeUndefined();
  });

  it("removes temp files orphaned by interrupted writes on init, and nothing else", async () => {
    await fsp.mkdir(directory, { recursive: true });
    const orphan = `user%3A1.json.${crypto.randomUUID()}.tmp`;
    const hashedOrphan = `~${"ab".repeat(32)}.json.${crypto.randomUUID()}.tmp`;
    for (const name of [orphan, hashedOrphan, "mine.tmp", "notes.json.tmp"]) {
      await fsp.writeFile(join(directory, name), "{");
    }
    const cache = createFileCache({ directory, fs: nodeFs });
    await cache.setAsync("kept", ok(1));
    await cache.init();
    expect((await fsp.readdir(directory)).sort()).toStrictEqual([
      "kept.json",
      "mine.tmp",
      "notes.json.tmp",
    ]);
  });
});

describe("createFileCache with a file system without rename", () => {
  it("writes entries in place and reads them back", async () => {
    const memory = createMemoryFs();
    const { rename: _rename, ...withoutRename } = memory.fs;
    const cache = createFileCache({ directory: "/c", fs: withoutRename });
    await cache.init();
    await cache.setAsync("a:1", ok({ n: 1 }));
    await cache.setAsync("a:1", err("E"));
    expect(memory.writes).toStrictEqual(["/c/a%3A1.json", "/c/a%3A1.json"]);
    expect([...memory.files.keys()]).toStrictEqual(["/c/a%3A1.json"]);
    const fresh = createFileCache({ directory: "/c", fs: withoutRename });
    expect(await fresh.getAsync("a:1")).toStrictEqual(err("E"));
  });

  it("writes to a temp file and renames it when the file system has rename", async () => {
    const memory = createMemoryFs();
    const cache = createFileCache({ directory: "/c", fs: memory.fs });
    await cache.init();
    await cache.setAsync("a", ok(1));
    expect(memory.writes).toHaveLength(1);
    expect(memory.writes[0]).toMatch(/^\/c\/a\.json\.[0-9a-f-]{36}\.tmp$/);
    expect(memory.renames).toStrictEqual([[memory.writes[0], "/c/a.json"]]);
    expect(await createFileCache({ directory: "/c", fs: memory.fs }).getAsync("a")).toStrictEqual(
      ok(1),
    );
  });
});
