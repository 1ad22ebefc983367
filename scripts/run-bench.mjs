#!/usr/bin/env node
// Runs a TypeScript benchmark after bundling it with esbuild. Not tsx: its keepNames transform
// wraps every closure in a defineProperty call, which would be measured as our overhead.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const [entry = "bench/run.ts", ...args] = process.argv.slice(2);
// Inside the package folder so bare imports (and self-references) resolve as they do for the package.
const dir = join(process.cwd(), ".bench");
const outfile = join(dir, `bench-${process.pid}.mjs`);
mkdirSync(dir, { recursive: true });
try {
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    logLevel: "warning",
  });
  const result = spawnSync(process.execPath, ["--enable-source-maps", outfile, ...args], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(outfile, { force: true });
}
