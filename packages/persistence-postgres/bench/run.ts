/**
 * Checkpointing throughput (`pnpm bench`): a 100-step keyed workflow checkpointed to PostgreSQL
 * against raw `pg` inserts of the same rows on the same pool. Needs PostgreSQL at DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test); works in a schema of its own, dropped after.
 */
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { stringifyEntry } from "@awaitly/persistence";
import {
  createPostgresCheckpointer,
  createPostgresLock,
  createSchema,
} from "@awaitly/persistence-postgres";
import pg from "pg";

const STEPS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const pool = new pg.Pool({ connectionString: url, max: 4 });
try {
  await pool.query("SELECT 1");
} catch {
  console.error(`No PostgreSQL answers at ${url}; start one or set DATABASE_URL.`);
  process.exit(1);
}
const schema = `awaitly_bench_${process.pid}`;
await createSchema(pool, { schema });
const table = `"${schema}".awaitly_checkpoints`;

let runs = 0;
const nextRun = (): string => `run-${runs++}`;
const dep = async (i: number): AsyncResult<number, never> => ok(i);
// The exact text the checkpointer writes for step i, so the raw loop stores the same bytes.
const payload = (i: number): string => stringifyEntry({ result: ok(i) });
const checkpoints = createPostgresCheckpointer(pool, { schema });
const lock = createPostgresLock(pool, { schema });

const contenders: Array<{ name: string; fn: () => Promise<void> }> = [
  {
    name: "raw pg: awaited INSERT per step",
    fn: async () => {
      const runId = nextRun();
      for (let i = 0; i < STEPS; i++) {
        await pool.query(`INSERT INTO ${table} (run_id, step_key, entry) VALUES ($1, $2, $3)`, [
          runId,
          `step:${i}`,
          payload(i),
        ]);
      }
    },
  },
  {
    name: "raw pg: the unfenced upsert by hand per step",
    fn: async () => {
      const runId = nextRun();
      for (let i = 0; i < STEPS; i++) {
        await pool.query(
          `INSERT INTO ${table} (run_id, step_key, entry) VALUES ($1, $2, $3)
           ON CONFLICT (run_id, step_key) DO UPDATE SET entry = excluded.entry`,
          [runId, `step:${i}`, payload(i)],
        );
      }
    },
  },
  {
    name: "raw pg: the fenced upsert by hand per step",
    fn: async () => {
      const runId = nextRun();
      const lease = await lock.acquire(runId);
      for (let i = 0; i < STEPS; i++) {
        await pool.query(
          `INSERT INTO ${table} AS c (run_id, step_key, entry, fence)
           SELECT $1, $2, $3, l.token FROM "${schema}".awaitly_locks l
           WHERE l.name = $4 AND l.token = $5::bigint AND l.expires_at > clock_timestamp()
           FOR SHARE OF l
           ON CONFLICT (run_id, step_key) DO UPDATE SET entry = excluded.entry, fence = excluded.fence
             WHERE c.fence <= excluded.fence`,
          [runId, `step:${i}`, payload(i), runId, lease?.token],
        );
      }
      await lease?.release();
    },
  },
  {
    name: "awaitly: createWorkflow + checkpointer (fence: false)",
    fn: async () => {
      const workflow = createWorkflow({ dep }, checkpoints.forRun(nextRun(), { fence: false }));
      await workflow(async (step, d) => {
        for (let i = 0; i < STEPS; i++) await step(() => d.dep(i), { key: `step:${i}` });
      });
    },
  },
  {
    name: "awaitly: same, fenced by a lock lease",
    fn: async () => {
      const runId = nextRun();
      const guard = lock.guard(runId);
      const workflow = createWorkflow(
        { dep },
        { ...checkpoints.forRun(runId, { fence: guard }), shouldRun: guard.shouldRun },
      );
      await workflow(async (step, d) => {
        for (let i = 0; i < STEPS; i++) await step(() => d.dep(i), { key: `step:${i}` });
      });
      await guard.release();
    },
  },
];

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
for (const c of contenders) for (let i = 0; i < 2; i++) await c.fn();
const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
// One run per contender per round, in rotating order: commit latency drifts with the machine's
// load, and fine interleaving spreads that drift evenly over the contenders.
for (let round = 0; round < ROUNDS; round++) {
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
  for (const c of order) {
    if (c === undefined) continue;
    // Wall time: the work is database round trips and commits, not client CPU.
    const start = performance.now();
    await c.fn();
    samples.get(c.name)?.push(performance.now() - start);
  }
}

const baseline = median(samples.get(contenders[0]?.name ?? "") ?? []);
const rows = contenders.map((c) => {
  const ms = median(samples.get(c.name) ?? []);
  return [
    c.name,
    ms.toFixed(1),
    ((ms * 1000) / STEPS).toFixed(0),
    Math.round((STEPS * 1000) / ms).toLocaleString("en-US"),
    (baseline / ms).toFixed(2) + "×",
  ];
});
const headers = [`${STEPS}-step run`, "ms / run", "µs / step", "steps / s", "vs raw INSERT"];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]): string =>
  `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(
  `PostgreSQL ${url.replace(/\/\/[^@]*@/, "//")}, medians of ${ROUNDS} interleaved runs each\n`,
);
console.log(
  [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join(
    "\n",
  ),
);

await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();
