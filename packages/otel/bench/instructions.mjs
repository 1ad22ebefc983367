#!/usr/bin/env node
// Counts the CPU instructions a listened workflow run executes, with valgrind's callgrind: unlike
// a timer, the count barely moves with the load of a shared machine. Each set-up runs in two
// processes (FEW and MANY runs); (Ir(MANY) − Ir(FEW)) / (MANY − FEW) is the count per run, so
// start-up and compilation cancel out. Core is taken from the working tree and, for the plain
// listener, from each git revision given (default: the revision before `aroundStep` existed).
// Each set-up is measured REPEATS times: the range column shows how far the count repeats.
//   node bench/instructions.mjs [rev ...]      (from packages/otel; needs valgrind)
import { build } from "esbuild";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const FEW = 200;
const MANY = 1200;
const REPEATS = 2;
const BEFORE_AROUND_STEP = "c8783d8^";
// `--revs-only`: just the given revisions' rows (no working-tree rows).
const revsOnly = process.argv.includes("--revs-only");
const given = process.argv.slice(2).filter((a) => a !== "--revs-only");
const revs = given.length > 0 ? given : [BEFORE_AROUND_STEP];
const root = resolve("../..");
const work = mkdtempSync(join(tmpdir(), "awaitly-instructions-"));

/** Bundles the workload against core's sources in `coreSrc`. */
async function bundle(coreSrc, name) {
  const outfile = join(work, `${name}.mjs`);
  await build({
    entryPoints: [resolve("bench/listened-workload.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    conditions: ["@awaitly/source"],
    alias: { "@awaitly/core": join(coreSrc, "index.ts") },
  });
  return outfile;
}

/** Core's `src` at `rev`, extracted from git. */
function coreAt(rev) {
  const dir = join(work, `core-${rev.replace(/\W/g, "_")}`);
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync("git", ["-C", root, "archive", rev, "packages/core/src"]);
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  return join(dir, "packages/core/src");
}

// Two at a time: callgrind is single-threaded, and the count does not depend on the load.
let running = 0;
const queue = [];
async function slot(fn) {
  if (running >= 2) await new Promise((r) => queue.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** Instructions executed by `node script setup runs` under callgrind. */
async function instructions(script, setup, runs) {
  const out = join(work, `cg-${process.hrtime.bigint()}`);
  // --predictable: V8 compiles and collects on the main thread, with fixed seeds, so the count
  // repeats to within a few hundred instructions (without it, ±1% between identical processes).
  const node = [process.execPath, "--predictable", script, setup];
  const args = ["--tool=callgrind", `--callgrind-out-file=${out}`, ...node];
  await slot(() => promisify(execFile)("valgrind", [...args, String(runs)]));
  const summary = /^summary:\s+(\d+)/m.exec(readFileSync(out, "utf8"));
  rmSync(out, { force: true });
  if (!summary) throw new Error("callgrind wrote no summary");
  return Number(summary[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return Number.isInteger(mid) ? (s[mid - 1] + s[mid]) / 2 : s[Math.floor(mid)];
};
async function perRun(script, setup) {
  const samples = await Promise.all(
    Array.from({ length: REPEATS }, async () => {
      const [many, few] = await Promise.all([
        instructions(script, setup, MANY),
        instructions(script, setup, FEW),
      ]);
      return (many - few) / (MANY - FEW);
    }),
  );
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

try {
  const jobs = [];
  for (const [i, rev] of revs.entries()) {
    const script = await bundle(coreAt(rev), `rev-${i}`);
    jobs.push([`listener, core at ${rev}`, perRun(script, "listener")]);
  }
  if (!revsOnly) {
    const current = await bundle(join(root, "packages/core/src"), "current");
    jobs.push(["listener, core now", perRun(current, "listener")]);
    jobs.push(["otel handler off (enabled: false), core now", perRun(current, "otel-off")]);
    jobs.push(["otel handler on, no SDK, core now", perRun(current, "otel-no-sdk")]);
  }
  const rows = await Promise.all(jobs.map(async ([name, pending]) => [name, await pending]));
  const base = rows[0][1].median;
  console.log(`\n## Instructions per 10-step listened run (callgrind, median of ${REPEATS})\n`);
  console.log("| set-up | instructions/run | range | × first row |");
  console.log("| --- | --- | --- | --- |");
  for (const [name, r] of rows) {
    const k = (n) => `${(n / 1000).toFixed(1)}k`;
    console.log(`| ${name} | ${k(r.median)} | ${k(r.min)}–${k(r.max)} | ${(r.median / base).toFixed(3)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
