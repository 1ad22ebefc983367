#!/usr/bin/env node
// Proves Turbo's cache cannot hide a change: touching core's source must change the hash of every
// dependant's `test` and `typecheck` task, and touching a root config must change them all. It
// compares `turbo run test typecheck --dry=json` hashes before and after appending a comment to
// each file, and always puts the file back.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const turbo = join(root, "node_modules", ".bin", "turbo");

function taskHashes() {
  const out = execFileSync(turbo, ["run", "test", "typecheck", "--dry=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { tasks } = JSON.parse(out.slice(out.indexOf("{")));
  return new Map(tasks.map((t) => [t.taskId, t.hash]));
}

// Workspace packages that depend on `name`, directly or through other workspace packages.
function dependantsOf(name) {
  const deps = new Map();
  for (const dir of ["packages", "examples"]) {
    for (const entry of readdirSync(join(root, dir))) {
      const file = join(root, dir, entry, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
      deps.set(pkg.name, Object.keys(all));
    }
  }
  const found = new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pkg, list] of deps) {
      if (found.has(pkg)) continue;
      if (list.some((d) => d === name || found.has(d))) {
        found.add(pkg);
        grew = true;
      }
    }
  }
  return found;
}

const probes = [
  { file: "packages/core/src/index.ts", scope: "core and its dependants" },
  { file: "tsconfig.base.json", scope: "all" },
  { file: "eslint.config.js", scope: "all" },
  { file: "vitest.shared.ts", scope: "all" },
  { file: "scripts/tsup.config.base.ts", scope: "all" },
];

// Appended text must keep each file valid; JSON takes no comments, so it gets a trailing space.
const touch = (file, text) => text + (file.endsWith(".json") ? " " : "\n// turbo input probe\n");

const before = taskHashes();
const coreDependants = dependantsOf("@awaitly/core").add("@awaitly/core");
const problems = [];

for (const { file, scope } of probes) {
  const path = join(root, file);
  const original = readFileSync(path, "utf8");
  let after;
  try {
    writeFileSync(path, touch(file, original));
    after = taskHashes();
  } finally {
    writeFileSync(path, original);
  }
  const expected = [...before.keys()].filter((id) => {
    const pkg = id.slice(0, id.lastIndexOf("#"));
    return scope === "all" || coreDependants.has(pkg);
  });
  const stale = expected.filter((id) => after.get(id) === before.get(id));
  console.log(`${file}: ${expected.length - stale.length}/${expected.length} task hashes changed`);
  for (const id of stale) problems.push(`${id} keeps its hash when ${file} changes`);
}

if (before.size === 0) problems.push("turbo reported no test/typecheck tasks");
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
