import { spawn } from "node:child_process";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFileCache } from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { nodeFs } from "./support/node-fs";

const writer = fileURLToPath(new URL("./support/file-writer.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

// Starts a writer, lets it rewrite entries for a moment, and SIGKILLs it mid-stream.
async function killWriterMidWrite(directory: string, delayMs: number, mode = ""): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--conditions=@awaitly/source", "--import", "tsx", writer, directory, mode],
    { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`writer exited early (${String(code)})`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe("createFileCache after SIGKILL", () => {
  it("keeps every entry whole and removes the killed writes' temp files on init", async () => {
    const root = await fsp.mkdtemp(join(tmpdir(), "awaitly-file-crash-"));
    const directory = join(root, "cache");
    try {
      for (let round = 0; round < 4; round++) {
        // The last round is killed between a temp file's write and its rename, every time.
        const hang = round === 3;
        await killWriterMidWrite(directory, hang ? 0 : 20 + round * 15, hang ? "hang" : "");
        if (hang) {
          const names = await fsp.readdir(directory);
          expect(names.filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
        }
        const cache = createFileCache({ directory, fs: nodeFs });
        for (const key of ["order:42", `order:${"long".repeat(100)}`]) {
          const entry = await cache.getAsync(key);
          expect(entry?.ok).toBe(true);
          expect((entry as { value: { payload: string } }).value.payload).toHaveLength(5_000_000);
        }
        await cache.init();
        expect((await fsp.readdir(directory)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
        expect((await fsp.readdir(directory)).sort()).toHaveLength(2);
      }
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
