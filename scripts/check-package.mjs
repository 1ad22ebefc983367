#!/usr/bin/env node
// Packs the package in the current directory exactly as it would publish (pnpm applies
// publishConfig), then runs publint and @arethetypeswrong/cli against that tarball, and loads every
// entry point of the unpacked tarball with both `import` and `require`.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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

  if (!loadsFromTarball(tarballPath, pkg)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Unpacks the tarball into a throwaway consumer's node_modules (its dependencies linked to the
 * workspace's installed copies, which resolve to their built dist) and loads each entry in ESM and
 * CJS, the way an installed package is loaded. attw only checks the types; this checks the files.
 */
function loadsFromTarball(tarballPath, pkg) {
  const consumer = join(dir, "consumer");
  const target = join(consumer, "node_modules", pkg.name);
  mkdirSync(dirname(target), { recursive: true });
  execFileSync("tar", ["-xzf", tarballPath, "-C", dir]);
  renameSync(join(dir, "package"), target);
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
    const installed = join(process.cwd(), "node_modules", dep);
    if (!existsSync(installed)) continue; // an optional peer nobody installed here
    const link = join(consumer, "node_modules", dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(installed), link);
  }
  const specifiers = Object.keys(pkg.exports ?? { ".": null })
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const list = JSON.stringify(specifiers);
  const check = (module) =>
    `if (Object.keys(${module}).length === 0) throw new Error(spec + " exports nothing");`;
  writeFileSync(
    join(consumer, "esm.mjs"),
    `for (const spec of ${list}) { const m = await import(spec); ${check("m")} }\n`,
  );
  writeFileSync(
    join(consumer, "cjs.cjs"),
    `for (const spec of ${list}) { const m = require(spec); ${check("m")} }\n`,
  );
  try {
    for (const file of ["esm.mjs", "cjs.cjs"]) {
      execFileSync(process.execPath, [file], {
        cwd: consumer,
        stdio: ["ignore", "inherit", "inherit"],
      });
    }
  } catch {
    console.error(`tarball: an entry of ${pkg.name} failed to load (see above)`);
    return false;
  }
  console.log(`tarball: ${specifiers.length} entries of ${pkg.name} load with import and require`);
  return true;
}
