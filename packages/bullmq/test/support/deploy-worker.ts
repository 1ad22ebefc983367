// One worker process of a rolling deploy:
// `node --import tsx deploy-worker.ts <url> <prefix> <code> [<version>]` where `code` is "v1" (a,
// b, wait for "go", c), "v2" (inserts x after a) or "v2-patched" (inserts x behind
// step.patched("x")), and `version` the workflow version the worker runs ("": none). Each step
// counts its side effect in Redis under `runId:key`; step c of the run named in `<prefix>:deploy:hang`
// writes this process's pid to `<prefix>:deploy:hanging` and never ends (a worker to kill mid-run).
// Closes gracefully on SIGTERM, then exits.
import { ok, type AsyncResult, type RunStep } from "@awaitly/core";
import { createWorkflowWorker, type WorkflowRun } from "@awaitly/bullmq";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

const [url, prefix, code, version] = process.argv.slice(2) as [string, string, string, string];
const sideEffects = new Redis(url);

const work = async (runId: string, key: string): AsyncResult<string, never> => {
  if (key === "c" && (await sideEffects.get(`${prefix}:deploy:hang`)) === runId) {
    await sideEffects.set(`${prefix}:deploy:hanging`, String(process.pid));
    await new Promise(() => {});
  }
  await sideEffects.hincrby(`${prefix}:deploy:effects`, `${runId}:${key}`, 1);
  return ok(key);
};
const deps = { work };
type Step = RunStep<never>;

const once = (step: Step, run: WorkflowRun, key: string) =>
  step(() => deps.work(run.runId, key), { key });

const worker = createWorkflowWorker("deploy", {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix,
  ...(version === undefined || version === "" ? {} : { version }),
  checkpointer: createRedisCheckpointer(new Redis(url), { prefix: `${prefix}:cp:` }),
  concurrency: 4,
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
  deps,
  workflow: async (step, _deps, _input: { n: number }, run) => {
    await once(step, run, "a");
    const newPath = code === "v2" || (code === "v2-patched" && (await step.patched("x")));
    if (newPath) await once(step, run, "x");
    await once(step, run, "b");
    await run.waitForSignal("go");
    await once(step, run, "c");
    return newPath ? "new path" : "old path";
  },
});
await worker.waitUntilReady();
process.on("SIGTERM", () => {
  void worker.close().then(() => {
    sideEffects.disconnect();
    process.exit(0);
  });
});
process.stdout.write("ready\n");
