#!/usr/bin/env node
// Enforces the dependency rule: every @awaitly/* package depends on @awaitly/core only (with a few
// named exceptions), @awaitly/core has no runtime dependencies, and the workspace graph has no cycles.
// Published packages also take the clients a user passes in (ioredis, pg, express, the OpenTelemetry
// API) as peer dependencies with a range, never as a dependency or an exact pin: a second copy makes
// the user's client a different type (TS2322 on every `connection:`) and a different runtime class.
// Their other runtime dependencies are ranges too (`^6.7.0`), so npm can share one copy with the app.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const allowed = {
  "@awaitly/persistence-redis": ["@awaitly/persistence"],
  "@awaitly/bullmq": ["@awaitly/persistence"],
  "@awaitly/persistence-postgres": ["@awaitly/persistence"],
  "@awaitly/devtools": ["@awaitly/visualize"],
  "@awaitly/console": ["@awaitly/bullmq", "@awaitly/visualize"],
};

const manifests = [];
for (const dir of ["packages", "examples"]) {
  const base = join(root, dir);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base)) {
    const file = join(base, name, "package.json");
    if (existsSync(file)) manifests.push({ file, pkg: JSON.parse(readFileSync(file, "utf8")) });
  }
}

const isOurs = (name) => name === "awaitly" || name.startsWith("@awaitly/");
/** Clients the user constructs and hands to a package: always peers of the packages that take them. */
const userClients = ["ioredis", "pg", "express", "@opentelemetry/api"];
/** A version that names one release (`6.0.0`, `=6.0.0`) rather than a range. */
const isExactPin = (range) => /^=?\d+\.\d+\.\d+(-[\w.]+)?$/.test(range.trim());
const problems = [];
const graph = new Map();

for (const { file, pkg } of manifests) {
  const runtime = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies };
  const all = { ...runtime, ...pkg.devDependencies };
  graph.set(
    pkg.name,
    Object.keys(all).filter((d) => manifests.some((m) => m.pkg.name === d)),
  );
  if (!isOurs(pkg.name)) continue;

  if (!pkg.private) checkPublishedRanges(pkg, file);

  if (pkg.name === "@awaitly/core") {
    const deps = Object.keys(pkg.dependencies ?? {});
    if (deps.length > 0)
      problems.push(`@awaitly/core must have no runtime dependencies, found: ${deps.join(", ")}`);
    continue;
  }
  if (pkg.name === "awaitly") continue;
  const ok = new Set(["@awaitly/core", ...(allowed[pkg.name] ?? [])]);
  for (const dep of Object.keys(runtime)) {
    if (isOurs(dep) && !ok.has(dep)) {
      problems.push(
        `${pkg.name} depends on ${dep}; feature packages may depend on @awaitly/core only (${file})`,
      );
    }
  }
}

/** A published package's user clients are peers, and none of its runtime dependencies is an exact pin. */
function checkPublishedRanges(pkg, file) {
  for (const client of userClients) {
    if (
      pkg.dependencies?.[client] !== undefined ||
      pkg.optionalDependencies?.[client] !== undefined
    ) {
      problems.push(
        `${pkg.name} has ${client} as a dependency; a client the user passes in is a peerDependency (with a devDependency for the package's own tests) (${file})`,
      );
    }
  }
  const ranges = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
  for (const [dep, range] of Object.entries(ranges)) {
    if (range.startsWith("workspace:")) continue;
    for (const alternative of range.split("||")) {
      if (isExactPin(alternative)) {
        problems.push(
          `${pkg.name} pins ${dep} to exactly ${alternative.trim()}; published packages take a range (e.g. ^${alternative.trim().replace(/^=/, "")}) so the app's copy is shared (${file})`,
        );
      }
    }
  }
}

// The root README's package table is how users find a package: every published one has a row.
const readme = readFileSync(join(root, "README.md"), "utf8");
for (const { pkg } of manifests) {
  if (pkg.private || !isOurs(pkg.name)) continue;
  if (!readme.includes(`[\`${pkg.name}\`](packages/`)) {
    problems.push(`README.md's package table has no row linking ${pkg.name}`);
  }
}

// Depth-first search for cycles over every workspace edge (dev edges too: they order builds).
const state = new Map();
const stack = [];
function visit(name) {
  if (state.get(name) === "done") return;
  if (state.get(name) === "active") {
    problems.push(`dependency cycle: ${[...stack.slice(stack.indexOf(name)), name].join(" -> ")}`);
    return;
  }
  state.set(name, "active");
  stack.push(name);
  for (const dep of graph.get(name) ?? []) visit(dep);
  stack.pop();
  state.set(name, "done");
}
for (const name of graph.keys()) visit(name);

if (problems.length > 0) {
  console.error("Dependency rule check failed:\n" + problems.map((p) => `  - ${p}`).join("\n"));
  process.exit(1);
}
console.log(
  `Dependency rule check: ${manifests.length} workspace packages, no violations, no cycles.`,
);
