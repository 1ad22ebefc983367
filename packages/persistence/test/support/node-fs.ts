import type { FileSystemInterface } from "@awaitly/persistence";
import * as fsp from "node:fs/promises";

/** Node's file system in the shape `createFileCache` takes (the tests' real-disk adapter). */
export const nodeFs: FileSystemInterface = {
  readFile: (path) => fsp.readFile(path, "utf8"),
  writeFile: (path, data) => fsp.writeFile(path, data, "utf8"),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  exists: (path) =>
    fsp.access(path).then(
      () => true,
      () => false,
    ),
  readdir: (path) => fsp.readdir(path),
  mkdir: async (path, options) => {
    await fsp.mkdir(path, options);
  },
};
