#!/usr/bin/env node
// Extracts every ```ts block from docs/**/*.md, the root README and every package README into
// .blocks/, type-checks them all with the project's strict settings, and runs the blocks whose fence
// says `ts run`. Docs cannot rot, and a sample a user copies compiles.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const out = join(here, ".blocks");
const extractOnly = process.argv.includes("--extract-only");

const markdown = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".md")) markdown.push(path);
  }
})(here);
markdown.push(join(root, "README.md"));
for (const name of readdirSync(join(root, "packages")).sort()) {
  const readme = join(root, "packages", name, "README.md");
  if (existsSync(readme)) markdown.push(readme);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const blocks = [];
const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
for (const file of markdown) {
  const text = readFileSync(file, "utf8");
  let match;
  let n = 0;
  while ((match = fence.exec(text))) {
    n++;
    const flags = match[2].trim().split(/\s+/);
    const line = text.slice(0, match.index).split("\n").length;
    const name = `${relative(root, file).replace(/[\\/.]/g, "_")}_${n}.ts`;
    // A comment right above the fence, `<!-- ts-preamble` … `-->`, declares what the sample takes
    // from the reader's app (`declare const pool: Pool;`) without showing it on the page.
    const preamble = /<!--\s*ts-preamble\s*\n((?:(?!-->)[\s\S])*)-->\s*\n$/.exec(
      text.slice(0, match.index),
    );
    // Each block is its own module so top-level names never clash across blocks.
    writeFileSync(
      join(out, name),
      `// ${relative(root, file)}:${line}\n${preamble ? preamble[1] : ""}${match[3]}\nexport {};\n`,
    );
    blocks.push({ name, source: `${relative(root, file)}:${line}`, run: flags.includes("run") });
  }
}
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    extends: "../../tsconfig.base.json",
    compilerOptions: { noUnusedLocals: false, types: ["node"] },
    include: ["*.ts"],
  }),
);
console.log(`docs: ${blocks.length} TypeScript blocks in ${markdown.length} pages and READMEs`);
if (extractOnly) process.exit(0);

try {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "--noEmit", "-p", join(out, "tsconfig.json")], {
    stdio: "inherit",
    cwd: here,
  });
} catch {
  console.error(
    "docs: a code block does not type-check (file:line is on the first line of each block)",
  );
  process.exit(1);
}
console.log(`docs: all ${blocks.length} blocks type-check`);
for (const block of blocks.filter((b) => b.run)) {
  execFileSync(process.execPath, ["--import", "tsx", join(out, block.name)], {
    stdio: "inherit",
    cwd: here,
  });
  console.log(`docs: ran ${block.source}`);
}
