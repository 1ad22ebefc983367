#!/usr/bin/env node
// Every name a package exports from src/index.ts carries a JSDoc comment where it is declared, so
// editors show what it is for. Fails listing the names that have none.
import { readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const root = new URL("..", import.meta.url).pathname;
const packages = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name, "src", "index.ts"))
  .filter((path) => existsSync(path));

const program = ts.createProgram(packages, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  customConditions: ["@awaitly/source"],
  skipLibCheck: true,
  noEmit: true,
  types: [],
});
const checker = program.getTypeChecker();
const missing = [];
let checked = 0;
for (const entry of packages) {
  const file = program.getSourceFile(entry);
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  if (!moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.declarations ?? [];
    // Re-exports of another package's names are documented there.
    const own = declarations.filter((d) => !d.getSourceFile().fileName.includes("node_modules"));
    if (own.length === 0) continue;
    checked++;
    const documented = own.some(
      (d) =>
        ts.getJSDocCommentsAndTags(d).length > 0 ||
        (ts.isVariableDeclaration(d) && ts.getJSDocCommentsAndTags(d.parent.parent).length > 0),
    );
    if (!documented) missing.push(`${relative(root, entry).split("/src/")[0]}: ${exported.name}`);
  }
}
if (missing.length > 0) {
  console.error(`exports without a JSDoc comment (${missing.length}):\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`jsdoc: all ${checked} exports of ${packages.length} packages are documented`);
