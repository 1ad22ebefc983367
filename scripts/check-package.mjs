#!/usr/bin/env node
// Packs the package in the current directory exactly as it would publish (pnpm applies
// publishConfig), then runs publint and @arethetypeswrong/cli against that tarball.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const dir = mkdtempSync(join(tmpdir(), "awaitly-pack-"));
try {
  execFileSync("pnpm", ["pack", "--pack-destination", dir], { stdio: ["ignore", "ignore", "inherit"] });
  const tarballName = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarballName) throw new Error(`pnpm pack produced no tarball in ${dir}`);
  const tarballPath = join(dir, tarballName);
  const tarball = readFileSync(tarballPath);

  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    strict: true,
  });
  for (const m of messages) console.log(`publint ${m.type}: ${formatMessage(m, pkg)}`);
  if (messages.some((m) => m.type === "error" || m.type === "warning")) process.exitCode = 1;
  else console.log(`publint: ${pkg.name} ok`);

  // Subpath entries (the umbrella's `awaitly/core`, …) cannot resolve under TypeScript's legacy
  // `node10` resolution, which ignores `exports`; with `engines.node >= 20` we check node16+.
  const subpaths = Object.keys(pkg.exports ?? {}).filter((k) => k !== "." && k !== "./package.json");
  const profile = subpaths.length > 0 ? ["--profile", "node16"] : [];
  try {
    execFileSync("attw", [tarballPath, "--format", "table-flipped", ...profile], { stdio: "inherit" });
  } catch {
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
