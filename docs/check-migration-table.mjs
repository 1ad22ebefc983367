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
// The 1.35 table: one row per entry point of awaitly 1.35.0 (read from its package.json), and
// "yes" exactly where the umbrella has that entry too.
const entryOf = (key) => (key === "." ? "awaitly" : `awaitly/${key.slice(2)}`);
const entries = (manifest) =>
  Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map(entryOf);
const manifest = (name) =>
  JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8"));
const v135 = new Set(entries(manifest("awaitly-1.35")));
const umbrellaEntries = new Set(entries(manifest("awaitly")));
const table135 = text.split("## Coming from awaitly 1.35")[1]?.split("\n## ")[0] ?? "";
const rows135 = [...table135.matchAll(/^\|\s*`([^`]+)`\s*\|\s*(yes|no)\b[^|]*\|/gm)];
if (rows135.length === 0) problems.push('no table under "Coming from awaitly 1.35"');
for (const [, entry, inUmbrella] of rows135) {
  if (!v135.has(entry)) problems.push(`1.35 table: awaitly 1.35.0 has no entry \`${entry}\``);
  if ((inUmbrella === "yes") !== umbrellaEntries.has(entry)) {
    problems.push(
      `1.35 table: \`${entry}\` says "${inUmbrella}" but the umbrella ${umbrellaEntries.has(entry) ? "has" : "lacks"} it`,
    );
  }
}
for (const entry of v135) {
  if (!rows135.some(([, listed]) => listed === entry))
    problems.push(`1.35 table: no row for \`${entry}\``);
}

if (problems.length > 0) {
  console.error(`docs/migrating-from-1.0.md tables:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `migration table: ${rows.length} rows match the root "awaitly" entry and their packages; ${rows135.length} rows cover awaitly 1.35.0's entry points`,
);
