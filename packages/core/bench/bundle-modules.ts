/**
 * Where the bytes of the bundle `pnpm bench` measures (`run`, `ok` and `createWorkflow`, esbuild
 * --bundle --minify, then gzip) come from. For each source module it prints the gzip bytes the
 * bundle loses when that module's code is cut (its marginal cost: what gzip cannot share with the
 * rest) and the module's minified size. Marginals do not add up to the total: code that repeats
 * elsewhere is nearly free in gzip, so cutting it alone saves little.
 *
 * Run from packages/core: `node ../../scripts/run-bench.mjs bench/bundle-modules.ts`. Bundles the
 * sources (src/index.ts), so figures can differ from the dist bundle by a few dozen bytes
 * (minified names are assigned per build, and gzip is sensitive to them).
 */
import { gzipSync } from "node:zlib";
import { transform } from "esbuild";
import { coreImport, measureBundle, sourceEntry } from "./bundle";

// Minified names and syntax, whitespace kept: esbuild then marks each module with a
// `// <path>` line, which is how the output is split by module.
const out = await measureBundle(coreImport(sourceEntry), {
  minifyIdentifiers: true,
  minifySyntax: true,
});
const lines = out.code.split("\n");

const gzipOf = async (code: string): Promise<number> =>
  gzipSync((await transform(code, { minifyWhitespace: true, loader: "js" })).code).length;

// Line ranges of each module's code.
const modules = new Map<string, [number, number][]>();
let current = "(prelude)";
let start = 0;
const close = (end: number) => {
  if (end > start) {
    const ranges = modules.get(current) ?? [];
    ranges.push([start, end]);
    modules.set(current, ranges);
  }
};
lines.forEach((line, i) => {
  const marker = /^\/\/ (.+\.[jt]s)$/.exec(line) ?? /^\/\/ (<stdin>)$/.exec(line);
  if (marker === null) return;
  close(i);
  current = (marker[1] as string).replace(/^.*?src\//, "src/");
  start = i + 1;
});
close(lines.length);

const total = await gzipOf(lines.join("\n"));
const rows: [string, number, number][] = [];
for (const [name, ranges] of modules) {
  if (name === "<stdin>") continue;
  const inModule = (i: number) => ranges.some(([a, b]) => i >= a && i < b);
  const without = lines.filter((_, i) => !inModule(i)).join("\n");
  const own = lines.filter((_, i) => inModule(i)).join("\n");
  const minified = (await transform(own, { minifyWhitespace: true, loader: "js" })).code;
  rows.push([name, total - (await gzipOf(without)), minified.length]);
}
rows.sort((a, b) => b[1] - a[1]);

console.log(`\n## Bundle of run, ok, createWorkflow by module (gzip total ${total} bytes)\n`);
console.log("| module | marginal gzip bytes | minified bytes |");
console.log("| ------ | ------------------- | -------------- |");
for (const [name, marginal, minified] of rows)
  console.log(`| ${name} | ${marginal} | ${minified} |`);
