/**
 * Core benchmarks (`pnpm bench`): per-step overhead against plain async/await and peers, the same
 * with a large live heap, the early-exit path, resuming a 1,000-step workflow, and the
 * minified+gzipped bundle size.
 *
 * Each table is measured in several fresh processes (`--processes N`, default 5), every contender
 * interleaved in each, and reports the median. `--no-peers` leaves neverthrow and Effect unloaded.
 * A child process runs one `--section` and prints JSON.
 */
import { join } from "node:path";
import { coreImport, measureBundle, packageRoot } from "./bundle";
import {
  earlyExitContenders,
  loadPeers,
  perStepContenders,
  resumeContender,
  STEPS,
} from "./contenders";
import { inChildren, measure, table, type Summary } from "./timing";

// Long slices: short ones let a single GC pause decide a contender's median.
const SLICES = { rounds: 9, iterations: 10_000, warmup: 3_000 };
const LIVE_OBJECTS = 300_000;
const BIG_HEAP_CONTENDERS = [
  "plain async/await",
  "run(), step(dep(i))",
  "run(), step(() => dep(i))",
  "createWorkflow(), step(dep(i))",
];

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const withPeers = !argv.includes("--no-peers");
const section = option("--section");

if (section !== undefined) {
  process.stdout.write(JSON.stringify(await measureSection(section)));
} else {
  await main();
}

async function measureSection(name: string) {
  const peers = withPeers && name !== "big-heap" ? await loadPeers() : undefined;
  if (name === "per-step") return measure(perStepContenders(peers), SLICES);
  if (name === "early-exit") return measure(earlyExitContenders(peers), SLICES);
  if (name === "big-heap") {
    // An app's caches or a big library's module graph: allocating them is a burst of long-lived
    // objects, the moment V8 likes to pretenure allocation sites.
    const live: { id: number; tags: number[]; label: string }[] = [];
    for (let i = 0; i < LIVE_OBJECTS; i++) live.push({ id: i, tags: [i], label: `item ${i}` });
    const chosen = perStepContenders(undefined).filter((c) => BIG_HEAP_CONTENDERS.includes(c.name));
    const measured = await measure(chosen, SLICES);
    // Read `live` after measuring so it stays reachable throughout.
    if (live.length !== LIVE_OBJECTS) throw new Error("bench: live heap shrank");
    return measured;
  }
  throw new Error(`bench: unknown section ${name}`);
}

async function main() {
  const processes = Number(option("--processes") ?? 5);
  if (!Number.isInteger(processes) || processes < 1) {
    throw new RangeError(
      `bench: --processes must be a whole number ≥ 1, got ${option("--processes")}`,
    );
  }
  const peerArgs = withPeers ? [] : ["--no-peers"];
  const sectionOf = (name: string) => inChildren(processes, ["--section", name, ...peerArgs]);
  const ratioTable = (rows: Summary[], unit: string, divisor: number, baseline: string) =>
    table(
      ["contender", unit, `× ${baseline}`, "range"],
      rows.map((r) => [
        r.name,
        (r.nsPerIteration / divisor).toFixed(0),
        r.ratio.toFixed(2),
        `${r.lowRatio.toFixed(2)}–${r.highRatio.toFixed(2)}`,
      ]),
    );
  const note = `median of ${processes} processes, contenders interleaved in each${withPeers ? "" : "; peers not loaded"}`;

  console.log(`\n## Per-step overhead, ${STEPS} async steps each returning ok(i) (${note})\n`);
  console.log(ratioTable(sectionOf("per-step"), "ns/step", STEPS, "plain"));

  console.log(
    `\n## Per-step overhead with ${LIVE_OBJECTS.toLocaleString("en")} extra live objects (${note})\n`,
  );
  console.log(ratioTable(sectionOf("big-heap"), "ns/step", STEPS, "plain"));

  console.log(`\n## Early exit at step 5 of ${STEPS} (${note})\n`);
  console.log(ratioTable(sectionOf("early-exit"), "ns/run", 1, "throw/catch"));

  const resume = await measure([resumeContender(1_000)], { rounds: 9, iterations: 50, warmup: 50 });
  console.log(`\n## Resume from saved state\n`);
  console.log(
    table(
      ["case", "ms/run"],
      resume.map((m) => [m.name, (m.nsPerIteration / 1e6).toFixed(3)]),
    ),
  );

  console.log(`\n## Bundle size (esbuild --bundle --minify, then gzip)\n`);
  console.log(table(["import", "min KB", "min+gzip KB", "gzip bytes"], await bundleSizes()));
}

// What an app importing run, ok and createWorkflow ships, next to the same from peers.
async function bundleSizes(): Promise<string[][]> {
  const entries: [string, string][] = [
    ["@awaitly/core", coreImport(join(packageRoot, "dist", "index.js"))],
    [
      "awaitly@1.35.0",
      `import { ok } from "awaitly-1.35"; import { run, createWorkflow } from "awaitly-1.35/workflow"; console.log(run, ok, createWorkflow);`,
    ],
    [
      "effect@3 (Effect.gen/promise/runPromise)",
      `import { Effect } from "effect"; console.log(Effect.gen, Effect.promise, Effect.runPromise);`,
    ],
    [
      "neverthrow@8 (ok/safeTry)",
      `import { ok, safeTry } from "neverthrow"; console.log(ok, safeTry);`,
    ],
  ];
  const rows: string[][] = [];
  for (const [name, code] of entries) {
    const { minBytes, gzipBytes } = await measureBundle(code);
    rows.push([
      name,
      (minBytes / 1024).toFixed(1),
      (gzipBytes / 1024).toFixed(1),
      String(gzipBytes),
    ]);
  }
  return rows;
}
