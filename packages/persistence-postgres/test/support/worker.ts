// A worker process for the crash test: runs a 20-step keyed workflow checkpointed to PostgreSQL under
// a lease lock. Usage: worker.ts <databaseUrl> <schema> <runId> <stepDelayMs>
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createPostgresPersistence } from "@awaitly/persistence-postgres";

const [url = "", schema = "", runId = "", delay = "0"] = process.argv.slice(2);
const pgp = createPostgresPersistence(url, { schema, lock: { leaseMs: 1_500 } });
const say = (line: string): void => void process.stdout.write(`${line}\n`);

// The side effect: a counter row per step, outside the checkpoint, so the test can count runs.
const effect = async (i: number): AsyncResult<number, never> => {
  await pgp.pool.query(
    `INSERT INTO "${schema}".effects (step, runs) VALUES ($1, 1)
     ON CONFLICT (step) DO UPDATE SET runs = effects.runs + 1`,
    [i],
  );
  say(`effect ${i}`);
  await new Promise((resolve) => setTimeout(resolve, Number(delay)));
  return ok(i * i);
};

const guard = pgp.lock.guard(runId, { waitMs: 15_000, pollMs: 50 });
const workflow = createWorkflow(
  { effect },
  { ...pgp.checkpointer.forRun(runId, { fence: guard }), shouldRun: guard.shouldRun },
);
const result = await workflow(async (step, { effect }) => {
  say("started");
  let sum = 0;
  for (let i = 1; i <= 20; i++) sum += await step(() => effect(i), { key: `step:${i}` });
  return sum;
});
await guard.release();
say(`result ${JSON.stringify(result)}`);
await pgp.close();
