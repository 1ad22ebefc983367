/**
 * Throughput against raw BullMQ (`pnpm bench`): the same Redis, process layout and concurrency;
 * jobs are added first, then one worker drains them. Contenders, interleaved in every round:
 * - raw BullMQ no-op jobs;
 * - the floors: BullMQ jobs shaped as awaitly's runs (the same data and job options: attempts,
 *   backoff, retention) whose processor writes 3 (or 10) checkpoints itself through the Redis
 *   checkpointer, fenced by the job lock (what any engine with that many durable steps must at
 *   least do);
 * - awaitly runs with 3 and 10 keyed steps, each checkpointed (fenced by the job lock) before the
 *   next starts, each step's timeline entry written in its checkpoint's script; and the same runs
 *   with the timeline entry written apart (an HSET per step, as the worker did before).
 * BENCH_PROCESSES processes (default 3) run BENCH_ROUNDS rounds each (default 3), one after
 * another. Besides runs/s it prints each contender's ratio to raw BullMQ and awaitly's to its
 * floor, taken inside each round (the same load), as the median over processes of each process's
 * median, with the range over processes; the worker process's CPU per run; Redis's CPU per run
 * (INFO cpu; includes other clients of the same Redis); and the machine's load average.
 * Needs Redis at REDIS_URL (default 127.0.0.1:6379).
 */
import { ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  DEFAULT_WORKFLOW_QUEUE_OPTIONS,
} from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const JOBS = Number(process.env.BENCH_JOBS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const CONCURRENCY = 50;
const client = (options: { enableAutoPipelining?: boolean } = {}) =>
  new Redis(url, { maxRetriesPerRequest: null, ...options });
// BENCH_AUTOPIPELINE=1 gives the checkpointer client enableAutoPipelining (round trips of concurrent runs share writes).
const AUTOPIPELINE = process.env.BENCH_AUTOPIPELINE === "1";
const probe = client();
try {
  await probe.ping();
} catch {
  console.error(`No Redis answers at ${url}; start one (redis-server) or set REDIS_URL.`);
  process.exit(1);
}

const prefix = `awaitly-bench-${crypto.randomUUID()}`;
const step = async (i: number): AsyncResult<number, never> => ok(i + 1);

type Measured = { rate: number; cpuUs: number; redisUs: number };

async function redisCpuSeconds(): Promise<number> {
  const info = await probe.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field("used_cpu_user") + field("used_cpu_sys");
}

async function drain(
  onStart: () => { done: Promise<void>; close: () => Promise<void> },
): Promise<Measured> {
  const redisBefore = await redisCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { done, close } = onStart();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisSeconds = (await redisCpuSeconds()) - redisBefore;
  await close();
  return {
    rate: JOBS / seconds,
    cpuUs: (cpu.user + cpu.system) / JOBS,
    redisUs: (redisSeconds * 1e6) / JOBS,
  };
}

function countTo(n: number, on: (listener: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    on(() => {
      if (++count === n) resolve();
    });
  });
}

// The floor's jobs look like awaitly's: the job data and options `enqueue` gives a run (attempts,
// backoff, retention), so the comparison isolates the engine from BullMQ's per-job work.
const RUN_JOB_OPTIONS = {
  attempts: DEFAULT_WORKFLOW_QUEUE_OPTIONS.attempts,
  backoff: { type: "exponential", delay: DEFAULT_WORKFLOW_QUEUE_OPTIONS.backoffMs },
  removeOnComplete: { age: DEFAULT_WORKFLOW_QUEUE_OPTIONS.runTtlSeconds },
  removeOnFail: { age: DEFAULT_WORKFLOW_QUEUE_OPTIONS.runTtlSeconds },
};

async function bullRound(
  name: string,
  runLike: boolean,
  processor: (
    queue: string,
  ) => (job: { id?: string | undefined }, token?: string) => Promise<number>,
): Promise<Measured> {
  const queue = new Queue(name, { connection: client(), prefix });
  await queue.addBulk(
    Array.from({ length: JOBS }, (_, i) =>
      runLike
        ? { name, data: { input: { i } }, opts: { ...RUN_JOB_OPTIONS, jobId: `r_${String(i)}` } }
        : { name: "job", data: { i } },
    ),
  );
  const measured = await drain(() => {
    const worker = new Worker(name, processor(name), {
      connection: client(),
      prefix,
      concurrency: CONCURRENCY,
    });
    return { done: countTo(JOBS, (l) => worker.on("completed", l)), close: () => worker.close() };
  });
  await queue.obliterate({ force: true });
  await queue.close();
  await dropCheckpoints();
  return measured;
}

const rawRound = (round: number) => bullRound(`raw-${round}`, false, () => async () => 1);

// The floor: the same fenced checkpoint writes as awaitly's, made by a bare BullMQ processor
// (its lease's signal is one for all jobs: nothing aborts it, and the writes never read it).
const floorRound = (round: number, steps: number) => {
  const checkpointer = createRedisCheckpointer(client({ enableAutoPipelining: AUTOPIPELINE }), {
    prefix: `${prefix}:cp:`,
  });
  const { signal } = new AbortController();
  return bullRound(`floor-${steps}-${round}`, true, (queue) => async (job, token = "") => {
    const jobId = job.id ?? "";
    const lease = {
      key: jobId,
      redisKey: `${prefix}:${queue}:${jobId}:lock`,
      token,
      lost: false,
      signal,
      assertHeld() {},
      release: () => Promise.resolve(false),
    };
    const hooks = checkpointer.forRun(`${queue}:${jobId}`, { fence: lease });
    for (let k = 0; k < steps; k++) await hooks.onAfterStep(`s${k}`, ok(k));
    return 1;
  });
};

// `separate`: the checkpointer hides its `annexes`, so the worker writes each step's timeline entry
// with an HSET of its own besides the checkpoint script (the worker before the two were folded).
async function awaitlyRound(round: number, steps: number, separate = false): Promise<Measured> {
  const name = `awaitly-${steps}-${round}${separate ? "-sep" : ""}`;
  const queue = createWorkflowQueue<{ i: number }, number, never>(name, {
    connection: client(),
    prefix,
  });
  for (let i = 0; i < JOBS; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, JOBS - i) }, (_, j) => queue.enqueue({ i: i + j })),
    );
  }
  const measured = await drain(() => {
    const worker = createWorkflowWorker(name, {
      connection: client(),
      prefix,
      concurrency: CONCURRENCY,
      progress: process.env.BENCH_PROGRESS !== "0",
      checkpointer: {
        ...createRedisCheckpointer(client({ enableAutoPipelining: AUTOPIPELINE }), {
          prefix: `${prefix}:cp:`,
        }),
        annexes: !separate,
      },
      deps: { step },
      workflow: async (s, deps, input: { i: number }) => {
        let value = input.i;
        for (let k = 0; k < steps; k++) value = await s(() => deps.step(value), { key: `s${k}` });
        return value;
      },
    });
    return {
      done: countTo(JOBS, (l) => worker.bullWorker.on("completed", l)),
      close: () => worker.close(),
    };
  });
  await queue.bullQueue.obliterate({ force: true });
  await queue.close();
  await dropCheckpoints();
  return measured;
}

// Checkpoints, run records and run indexes outlive `obliterate` (they expire with the run's TTL):
// drop every key of this bench's own prefix after each round, so repeated benches do not leave
// hundreds of thousands of keys that slow every later SCAN on this Redis.
async function dropCheckpoints(): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await probe.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await probe.unlink(...keys);
  } while (cursor !== "0");
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const contenders = {
  raw: { label: "raw BullMQ no-op job", run: rawRound },
  floor3: {
    label: "floor: BullMQ job writing 3 fenced checkpoints itself",
    run: (r: number) => floorRound(r, 3),
  },
  threeSep: {
    label: "awaitly run, 3 steps, timeline written apart",
    run: (r: number) => awaitlyRound(r, 3, true),
  },
  three: { label: "awaitly run, 3 checkpointed steps", run: (r: number) => awaitlyRound(r, 3) },
  floor10: {
    label: "floor: BullMQ job writing 10 fenced checkpoints itself",
    run: (r: number) => floorRound(r, 10),
  },
  tenSep: {
    label: "awaitly run, 10 steps, timeline written apart",
    run: (r: number) => awaitlyRound(r, 10, true),
  },
  ten: { label: "awaitly run, 10 checkpointed steps", run: (r: number) => awaitlyRound(r, 10) },
} as const;
type Name = keyof typeof contenders;
// BENCH_ONLY=three,floor3 runs only those (for a profile: BENCH_CHILD=1 node --cpu-prof …).
const only = process.env.BENCH_ONLY?.split(",");
const names = (Object.keys(contenders) as Name[]).filter((n) => only?.includes(n) ?? true);
type ProcessResult = Record<Name, Measured[]>;

// The two forms of an awaitly run trade places every other round: the one that runs first in a
// pair measured slower (by up to 1.6× on a loaded machine), whichever it was.
const PAIRED: Partial<Record<Name, Name>> = {
  three: "threeSep",
  threeSep: "three",
  ten: "tenSep",
  tenSep: "ten",
};

// One process: every round runs the contenders back to back, so a round's ratios share its load.
async function measureHere(): Promise<ProcessResult> {
  const results = Object.fromEntries(names.map((n) => [n, [] as Measured[]])) as ProcessResult;
  for (let round = 0; round < ROUNDS; round++) {
    const swap = (n: Name): Name => {
      const other = PAIRED[n];
      return other !== undefined && names.includes(other) ? other : n;
    };
    const order = round % 2 === 0 ? names : names.map(swap);
    for (const n of order) results[n].push(await contenders[n].run(round));
  }
  return results;
}

if (process.env.BENCH_CHILD === "1") {
  const results = await measureHere();
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(results)}\n`);
  probe.disconnect();
  process.exit(0);
}

// Several processes, one after another, each with its own rounds: medians over processes are
// steadier than one process's on a shared machine (JIT, GC and neighbours differ per process).
const { spawnSync } = await import("node:child_process");
const { loadavg } = await import("node:os");
const processes: ProcessResult[] = [];
const loads: number[] = [loadavg()[0] ?? 0];
for (let p = 0; p < PROCESSES; p++) {
  const child = spawnSync(process.execPath, process.argv.slice(1), {
    env: { ...process.env, BENCH_CHILD: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (line === undefined) throw new Error(`bench process ${String(p)} reported nothing`);
  processes.push(JSON.parse(line.slice("BENCH_RESULT ".length)) as ProcessResult);
  loads.push(loadavg()[0] ?? 0);
}

// Ratios are taken inside each round (same load), then the median per process, then the median
// of those over processes; the range is over processes' medians.
const ratioOf = (n: Name, base: Name) =>
  processes.map((r) => median(r[n].map((m, i) => m.rate / (r[base][i]?.rate ?? 1))));
const summary = (xs: number[]) =>
  `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const all = (n: Name) => processes.flatMap((r) => r[n]);
const rate = (n: Name) => median(processes.map((r) => median(r[n].map((m) => m.rate))));
console.log(
  `${String(JOBS)} jobs per round, ${String(ROUNDS)} rounds in each of ${String(PROCESSES)} processes, concurrency ${String(CONCURRENCY)}, one worker per round, checkpointer client auto-pipelined: ${String(AUTOPIPELINE)}; load average (1 min) ${loads.map((l) => l.toFixed(1)).join(" → ")}`,
);
console.log(
  "| contender | runs/s | vs raw BullMQ (median, range over processes) | worker CPU µs/run | Redis CPU µs/run |",
);
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const n of names) {
  console.log(
    `| ${contenders[n].label} | ${rate(n).toFixed(0)} | ${summary(ratioOf(n, "raw"))} | ${median(all(n).map((m) => m.cpuUs)).toFixed(0)} | ${median(all(n).map((m) => m.redisUs)).toFixed(0)} |`,
  );
}
console.log(`awaitly vs its floor, 3 steps: ${summary(ratioOf("three", "floor3"))}`);
console.log(`awaitly vs its floor, 10 steps: ${summary(ratioOf("ten", "floor10"))}`);
if (names.includes("threeSep") && names.includes("tenSep")) {
  console.log(
    `timeline in the checkpoint script vs apart, 3 steps: ${summary(ratioOf("three", "threeSep"))}; 10 steps: ${summary(ratioOf("ten", "tenSep"))}`,
  );
}
const usPerStep = ((1 / rate("ten") - 1 / rate("three")) / 7) * 1e6;
console.log(`µs per extra checkpointed step (from 3 → 10 steps): ${usPerStep.toFixed(1)}`);
probe.disconnect();
process.exit(0);
