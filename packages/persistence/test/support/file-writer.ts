// A worker process for the SIGKILL test: rewrites a few large file-cache entries as fast as it
// can until killed. Usage: file-writer.ts <directory> [hang]. With "hang", the fourth write stops
// after its temp file is written and before the rename, and says "in-write", so the kill lands
// exactly there.
import { ok } from "@awaitly/core";
import { createFileCache, type FileSystemInterface } from "@awaitly/persistence";
import * as fsp from "node:fs/promises";
import { nodeFs } from "./node-fs";

const [directory = "", mode = ""] = process.argv.slice(2);
let renames = 0;
const fs: FileSystemInterface = {
  ...nodeFs,
  rename: (from, to) => {
    if (mode === "hang" && ++renames === 4) {
      process.stdout.write("in-write\n");
      return new Promise(() => {});
    }
    return fsp.rename(from, to);
  },
};
const cache = createFileCache({ directory, fs });
await cache.init();
const payload = "x".repeat(5_000_000);
for (let i = 0; ; i++) {
  // A long key too, so the hashed-name path is crashed as well.
  const key = i % 2 === 0 ? "order:42" : `order:${"long".repeat(100)}`;
  await cache.setAsync(key, ok({ i, payload }));
  if (i === 3) process.stdout.write("writing\n");
}
