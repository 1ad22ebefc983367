/**
 * Core benchmarks (`pnpm bench`): per-step overhead against plain async/await and peers, the
 * early-exit path, resuming a 1,000-step workflow, and the minified+gzipped bundle size.
 *
 * `pnpm bench -- --no-peers` leaves neverthrow and Effect unloaded: merely loading Effect grows the
 * heap enough to slow every allocating contender (ours more than plain's), so both views are printed
 * in the README.
 */
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import {
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type Result,
  type ResumeState,
} from "@awaitly/core";
import { measure, table, type Contender } from "./timing";

const withPeers = !process.argv.includes("--no-peers");
const peers = withPeers
  ? { ...(await import("neverthrow")), Effect: (await import("effect")).Effect }
  : undefined;
// Long slices: short ones let a single GC pause decide a contender's median.
const SLICES = { rounds: 9, iterations: 10_000, warmup: 3_000 };

const STEPS = 10;
const dep = async (i: number): AsyncResult<number, "E"> => ok(i);
const unwrap = (r: Result<number, "E">): number => (r.ok ? r.value : NaN);
const plainDep = async (i: number): Promise<number> => i;
const failAt5 = async (i: number): AsyncResult<number, "E"> => (i === 5 ? err("E") : ok(i));
const plainFailAt5 = async (i: number): Promise<number> => {
  if (i === 5) throw new Error("E");
  return i;
};

const workflow = createWorkflow({ dep });
const listened = createWorkflow({ dep }, { onEvent: () => {} });

const perStepContenders: Contender[] = [
  {
    name: "plain async/await",
    fn: async () => {
      let s = 0;
      for (let i = 0; i < STEPS; i++) s += await plainDep(i);
      return s;
    },
  },
  {
    // What any Result-unwrapping step must at least pay: one more promise hop per step.
    name: "floor: await dep(i).then(unwrap)",
    fn: async () => {
      let s = 0;
      for (let i = 0; i < STEPS; i++) s += await dep(i).then(unwrap);
      return s;
    },
  },
  {
    // A listened step must also read Date.now() and performance.now() at its start and its end
    // (spec: ts = Date.now() at emission, durationMs from performance.now()).
    name: "floor + 4 clock reads/step",
    fn: async () => {
      let s = 0;
      for (let i = 0; i < STEPS; i++) {
        const t = Date.now() + performance.now();
        s += await dep(i).then(unwrap);
        if (Date.now() + performance.now() < t) s--;
      }
      return s;
    },
  },
  {
    name: "run(), step(() => dep(i))",
    fn: () =>
      run(async (step) => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
        return s;
      }),
  },
  {
    // The direct form: no thunk to allocate and call (fine whenever the step needs no retry).
    name: "run(), step(dep(i))",
    fn: () =>
      run(async (step) => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await step(dep(i));
        return s;
      }),
  },
  {
    name: "createWorkflow(), step(() => dep(i))",
    fn: () =>
      workflow(async (step, { dep }) => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
        return s;
      }),
  },
  {
    name: "createWorkflow(), step(dep(i))",
    fn: () =>
      workflow(async (step, { dep }) => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await step(dep(i));
        return s;
      }),
  },
  {
    name: "createWorkflow() + onEvent",
    fn: () =>
      listened(async (step, { dep }) => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
        return s;
      }),
  },
  ...(peers === undefined
    ? []
    : [
        {
          name: "neverthrow safeTry",
          fn: () =>
            peers.safeTry(async function* () {
              let s = 0;
              for (let i = 0; i < STEPS; i++) s += yield* peers.okAsync<number, "E">(i);
              return peers.okAsync(s);
            }),
        },
        {
          name: "effect Effect.gen",
          fn: () =>
            peers.Effect.runPromise(
              peers.Effect.gen(function* () {
                let s = 0;
                for (let i = 0; i < STEPS; i++) s += yield* peers.Effect.promise(() => plainDep(i));
                return s;
              }),
            ),
        },
      ]),
];
const perStepContender = (name: string): Contender => {
  const found = perStepContenders.find((c) => c.name === name);
  if (found === undefined) throw new Error(`bench: no contender named ${name}`);
  return found;
};
const perStep = await measure(perStepContenders, SLICES);

const floor = perStep[0]!.nsPerIteration;
console.log(
  `\n## Per-step overhead, ${STEPS} async steps each returning ok(i) (median of interleaved rounds${withPeers ? "" : "; peers not loaded"})\n`,
);
console.log(
  table(
    ["contender", "ns/step", "× plain"],
    perStep.map((m) => [
      m.name,
      (m.nsPerIteration / STEPS).toFixed(0),
      (m.nsPerIteration / floor).toFixed(2),
    ]),
  ),
);

const early = await measure(
  [
    {
      name: "plain throw/catch at step 5",
      fn: async () => {
        try {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await plainFailAt5(i);
          return s;
        } catch (e) {
          return e;
        }
      },
    },
    {
      name: "run() early exit at step 5",
      fn: () =>
        run(
          async (step) => {
            let s = 0;
            for (let i = 0; i < STEPS; i++) s += await step(() => failAt5(i));
            return s;
          },
          { onError: () => {} },
        ),
    },
    ...(peers === undefined
      ? []
      : [
          {
            name: "neverthrow safeTry err at 5",
            fn: () =>
              peers.safeTry(async function* () {
                let s = 0;
                for (let i = 0; i < STEPS; i++)
                  s += yield* i === 5
                    ? peers.errAsync<number, "E">("E")
                    : peers.okAsync<number, "E">(i);
                return peers.okAsync(s);
              }),
          },
        ]),
  ],
  SLICES,
);
const throwFloor = early[0]!.nsPerIteration;
console.log(`\n## Early exit at step 5 of ${STEPS}\n`);
console.log(
  table(
    ["contender", "ns/run", "× throw/catch"],
    early.map((m) => [
      m.name,
      m.nsPerIteration.toFixed(0),
      (m.nsPerIteration / throwFloor).toFixed(2),
    ]),
  ),
);

const RESUME_STEPS = 1_000;
const saved: ResumeState = { steps: new Map() };
for (let i = 0; i < RESUME_STEPS; i++) saved.steps.set(`s${i}`, { result: ok(i) });
const resumable = createWorkflow({ dep }, { resumeState: saved });
const resume = await measure(
  [
    {
      name: `resume ${RESUME_STEPS} keyed steps`,
      fn: () =>
        resumable(async (step, { dep }) => {
          let s = 0;
          for (let i = 0; i < RESUME_STEPS; i++) s += await step(() => dep(i), { key: `s${i}` });
          return s;
        }),
    },
  ],
  { rounds: 9, iterations: 50, warmup: 50 },
);
console.log(`\n## Resume from saved state\n`);
console.log(
  table(
    ["case", "ms/run"],
    resume.map((m) => [m.name, (m.nsPerIteration / 1e6).toFixed(3)]),
  ),
);

// A large live heap (an app's caches, a big library's module graph) must not change the ratios:
// allocating it is a burst of long-lived objects, the moment V8 likes to pretenure allocation sites.
const live: { id: number; tags: number[]; label: string }[] = [];
for (let i = 0; i < 300_000; i++) live.push({ id: i, tags: [i], label: `item ${i}` });
const bigHeap = await measure(
  [
    perStepContender("plain async/await"),
    perStepContender("run(), step(dep(i))"),
    perStepContender("run(), step(() => dep(i))"),
    perStepContender("createWorkflow(), step(dep(i))"),
  ],
  SLICES,
);
console.log(`\n## Per-step overhead with ${live.length.toLocaleString("en")} extra live objects\n`);
console.log(
  table(
    ["contender", "ns/step", "× plain"],
    bigHeap.map((m) => [
      m.name,
      (m.nsPerIteration / STEPS).toFixed(0),
      (m.nsPerIteration / bigHeap[0]!.nsPerIteration).toFixed(2),
    ]),
  ),
);
live.length = 0;

// Bundle size: what an app importing run, ok and createWorkflow ships (esbuild, minified, gzip).
const here = dirname(fileURLToPath(import.meta.url));
const entries: [string, string][] = [
  [
    "@awaitly/core",
    `import { run, ok, createWorkflow } from ${JSON.stringify(join(here, "..", "dist", "index.js"))}; console.log(run, ok, createWorkflow);`,
  ],
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
const sizes: (string | number)[][] = [];
for (const [name, code] of entries) {
  const out = await build({
    stdin: { contents: code, resolveDir: join(here, ".."), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  const bytes = out.outputFiles[0]!.contents;
  sizes.push([name, (bytes.length / 1024).toFixed(1), (gzipSync(bytes).length / 1024).toFixed(1)]);
}
console.log(`\n## Bundle size (esbuild --bundle --minify, then gzip)\n`);
console.log(table(["import", "min KB", "min+gzip KB"], sizes));
