#!/usr/bin/env node
// Keeps the migration guide's per-name table for the root `awaitly` import honest: every runtime
// name the umbrella's root exports has a row (names it re-exports from @awaitly/core may be newer
// than 1.0.0 and need none), and the package each row names really exports it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(here, "migrating-from-1.0.md"), "utf8");
const section = text.split("### Names of the root `awaitly` import")[1]?.split("\n## ")[0] ?? "";
const rows = [
  ...section.matchAll(/^\|\s*`([^`]+)`( \(type\))?\s*\|\s*`(@awaitly\/[^`]+)`\s*\|$/gm),
].map(([, name, type, pkg]) => ({ name, isType: Boolean(type), pkg }));
const problems = [];
if (rows.length === 0) problems.push("no per-name table found under the root-import heading");

const umbrella = await import("awaitly");
const core = await import("@awaitly/core");
const listed = new Set(rows.filter((row) => !row.isType).map((row) => row.name));
for (const name of Object.keys(umbrella)) {
  const fromCore = umbrella[name] === core[name];
  if (!listed.has(name) && !fromCore)
    problems.push(`\`${name}\` is exported by "awaitly" but has no row`);
}
const packages = new Map();
for (const row of rows.filter((r) => !r.isType)) {
  if (!packages.has(row.pkg)) packages.set(row.pkg, await import(row.pkg));
  if (!(row.name in packages.get(row.pkg)))
    problems.push(`${row.pkg} does not export \`${row.name}\``);
  if (!(row.name in umbrella)) problems.push(`\`${row.name}\` is not exported by "awaitly"`);
}
if (problems.length > 0) {
  console.error(`docs/migrating-from-1.0.md root-import table:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `migration table: ${rows.length} rows match the root "awaitly" entry and their packages`,
);
