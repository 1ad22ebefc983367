import type { FileSystemInterface } from "@awaitly/persistence";

/** An in-memory file system with `rename`, recording what was written and renamed. */
export function createMemoryFs(): {
  fs: FileSystemInterface & { rename: (from: string, to: string) => Promise<void> };
  files: Map<string, string>;
  writes: string[];
  renames: Array<[string, string]>;
} {
  const files = new Map<string, string>();
  const writes: string[] = [];
  const renames: Array<[string, string]> = [];
  const missing = (path: string): Error =>
    Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  return {
    files,
    writes,
    renames,
    fs: {
      readFile: async (path) => {
        const data = files.get(path);
        if (data === undefined) throw missing(path);
        return data;
      },
      writeFile: async (path, data) => {
        writes.push(path);
        files.set(path, data);
      },
      rename: async (from, to) => {
        const data = files.get(from);
        if (data === undefined) throw missing(from);
        renames.push([from, to]);
        files.delete(from);
        files.set(to, data);
      },
      unlink: async (path) => {
        if (!files.delete(path)) throw missing(path);
      },
      exists: async (path) => files.has(path),
      readdir: async (path) =>
        [...files.keys()]
          .filter((file) => file.startsWith(`${path}/`))
          .map((file) => file.slice(path.length + 1)),
      mkdir: async () => {},
    },
  };
}
