/**
 * Checkpointing throughput (`pnpm bench`): a 100-step keyed workflow checkpointed to Redis against a
 * raw ioredis HSET loop doing the same writes. Needs Redis at REDIS_URL (default 127.0.0.1:6379).
 */
import { createWorkflow, ok, serializeEntryFor, type AsyncResult, type RunStep } from "./shared";
import { createRedisCheckpointer, createRedisLock } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { CHANGE_STEP } from "../src/internal/checkpoint-io";

const STEPS = 100;
const ROUNDS = 15;
const RUNS_PER_ROUND = 20;
const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
redis.on("error", () => {});
try {
  await redis.ping();
} catch {
  console.error(`No Redis answers at ${url}; start one (redis-server) or set REDIS_URL.`);
  process.exit(1);
}

const prefix = `awaitly-bench:${crypto.randomUUID()}:`;
let runs = 0;
const nextRun = (): string => `run-${runs++}`;
const dep = async (i: number): AsyncResult<number, never> => ok(i);
// The workflow every contender runs: STEPS keyed steps, each checkpointed.
const keyedSteps = async (step: RunStep<never>, d: { dep: typeof dep }): Promise<void> => {
  for (let i = 0; i < STEPS; i++) await step(() => d.dep(i), { key: `step:${i}` });
};
// A failed run would end at its first step and time as impossibly fast: refuse to report it.
const mustSucceed = (result: { ok: boolean }, name: string): void => {
  if (!result.ok) throw new Error(`bench: a "${name}" run failed: ${JSON.stringify(result)}`);
};
const payload = (i: number): string => serializeEntryFor(i);

const checkpoints = createRedisCheckpointer(redis, { prefix });
// The same number of keys and arguments as the checkpointer's fenced script, doing nothing.
const noop = String(await redis.script("LOAD", "return 1"));
// The checkpointer's own script, called by hand: what a fenced write costs without the adapter.
const fenced = String(await redis.script("LOAD", CHANGE_STEP));
let handSequence = 0;
const lock = createRedisLock(redis, { prefix: `${prefix}lock:` });

const contenders: Array<{ name: string; fn: () => Promise<void> }> = [
  {
    name: "raw ioredis: awaited HSET per step",
    fn: async () => {
      const key = `${prefix}${nextRun()}`;
      for (let i = 0; i < STEPS; i++) await redis.hset(key, `step:${i}`, payload(i));
    },
  },
  {
    name: "createWorkflow + raw HSET in onAfterStep (no adapter)",
    fn: async () => {
      const key = `${prefix}${nextRun()}`;
      const workflow = createWorkflow(
        { dep },
        {
          onAfterStep: async (stepKey) => {
            await redis.hset(key, stepKey, payload(0));
          },
        },
      );
      const result = await workflow(keyedSteps);
      mustSucceed(result, "raw HSET in onAfterStep");
    },
  },
  {
    name: "awaitly: createWorkflow + createRedisCheckpointer",
    fn: async () => {
      const workflow = createWorkflow({ dep }, checkpoints.forRun(nextRun(), { fence: false }));
      const result = await workflow(keyedSteps);
      mustSucceed(result, "checkpointer");
    },
  },
  {
    name: "awaitly: same, fenced by a lock lease (EVALSHA)",
    fn: async () => {
      const runId = nextRun();
      const guard = lock.guard(runId);
      const workflow = createWorkflow(
        { dep },
        { ...checkpoints.forRun(runId, { fence: guard }), shouldRun: guard.shouldRun },
      );
      const result = await workflow(keyedSteps);
      mustSucceed(result, "fenced checkpointer");
      await guard.release();
    },
  },
  {
    name: "createWorkflow + the fenced script by hand in onAfterStep (no adapter)",
    fn: async () => {
      const runId = nextRun();
      const guard = lock.guard(runId);
      const workflow = createWorkflow(
        { dep },
        {
          shouldRun: guard.shouldRun,
          onAfterStep: async (stepKey) => {
            const lease = guard.lease;
            if (lease === undefined) throw new Error("bench: no lease");
            const args = [stepKey, 604_800, payload(0), lease.token, ++handSequence, "\u0000fence"];
            await redis.evalsha(fenced, 2, `${prefix}${runId}`, lease.redisKey, ...args);
          },
        },
      );
      const result = await workflow(keyedSteps);
      mustSucceed(result, "fenced script by hand");
      await guard.release();
    },
  },
  {
    name: "raw ioredis: MULTI/HSET/EXPIRE/EXEC per step (the write before this change)",
    fn: async () => {
      const key = `${prefix}${nextRun()}`;
      for (let i = 0; i < STEPS; i++) {
        await redis.multi().hset(key, `step:${i}`, payload(i)).expire(key, 604_800).exec();
      }
    },
  },
  {
    name: "raw ioredis: a no-op EVALSHA per step (the floor of any fenced write)",
    fn: async () => {
      const args = [`${prefix}noop`, `${prefix}lock`, "step", 604_800, payload(0), "t", 1, "f"];
      for (let i = 0; i < STEPS; i++) await redis.evalsha(noop, 2, ...args);
    },
  },
  {
    name: "raw ioredis: one pipeline of 100 HSET (no per-step durability)",
    fn: async () => {
      const key = `${prefix}${nextRun()}`;
      const pipeline = redis.pipeline();
      for (let i = 0; i < STEPS; i++) pipeline.hset(key, `step:${i}`, payload(i));
      await pipeline.exec();
    },
  },
];

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
for (const c of contenders) for (let i = 0; i < 3; i++) await c.fn();
const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
  for (const c of order) {
    if (c === undefined) continue;
    // Wall time: the work is network round trips, not client CPU.
    const start = performance.now();
    for (let i = 0; i < RUNS_PER_ROUND; i++) await c.fn();
    samples.get(c.name)?.push((performance.now() - start) / RUNS_PER_ROUND);
  }
}

const baseline = median(samples.get(contenders[0]?.name ?? "") ?? []);
const rows = contenders.map((c) => {
  const ms = median(samples.get(c.name) ?? []);
  return [
    c.name,
    ms.toFixed(2),
    Math.round((STEPS * 1000) / ms).toLocaleString("en-US"),
    (baseline / ms).toFixed(2) + "×",
  ];
});
const headers = ["100-step run", "ms / run", "steps / s", "vs awaited HSET"];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]): string =>
  `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(`Redis ${url}, ${ROUNDS} rounds × ${RUNS_PER_ROUND} runs, medians\n`);
console.log(
  [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join(
    "\n",
  ),
);

let cursor = "0";
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
  if (keys.length > 0) await redis.del(...keys);
  cursor = next;
} while (cursor !== "0");
await redis.quit();
