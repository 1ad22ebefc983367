import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { STEPS, effectCounts, enqueue, jobKeys } from "./jobs";

const workerScript = fileURLToPath(new URL("./worker.ts", import.meta.url));

export type ClusterReport = {
  killed: { worker: string; afterCheckpoint: string };
  results: Record<string, number>;
  effects: Record<string, Record<string, number>>;
  /** Steps checkpointed by the killed worker before it died: each must have run exactly once. */
  checkpointedBeforeKill: string[];
  replayed: string[];
  log: string[];
};

/**
 * Runs `runs` workflows on two worker processes sharing Redis, SIGKILLs the first worker right
 * after its second checkpoint, starts a replacement, and waits until every run is done.
 */
export async function runCluster(options: {
  redisUrl: string;
  namespace: string;
  runs: number;
  onLine?: (line: string) => void;
}): Promise<ClusterReport> {
  const redis = new Redis(options.redisUrl);
  const keys = jobKeys(options.namespace);
  const runIds = Array.from({ length: options.runs }, (_, i) => `run-${i + 1}`);
  const log: string[] = [];
  const checkpointedBy = new Map<string, string[]>();
  const replayed: string[] = [];
  let killed: ClusterReport["killed"] | undefined;

  await enqueue(redis, options.namespace, runIds);
  const exits: Promise<void>[] = [];
  const start = (name: string): ChildProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", workerScript], {
      env: {
        ...process.env,
        WORKER_NAME: name,
        NAMESPACE: options.namespace,
        REDIS_URL: options.redisUrl,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        onLine(name, child, line);
      }
    });
    exits.push(new Promise((resolve) => child.on("exit", () => resolve())));
    return child;
  };
  const onLine = (name: string, child: ChildProcess, line: string) => {
    log.push(line);
    options.onLine?.(line);
    const [, verb, runId, stepKey] = line.split(" ");
    if (verb === "replayed" && runId && stepKey) replayed.push(`${runId}/${stepKey}`);
    if (verb !== "checkpointed" || !runId || !stepKey) return;
    const done = [...(checkpointedBy.get(name) ?? []), `${runId}/${stepKey}`];
    checkpointedBy.set(name, done);
    if (name === "worker-a" && !killed && done.length === 2) {
      killed = { worker: name, afterCheckpoint: `${runId}/${stepKey}` };
      child.kill("SIGKILL");
      options.onLine?.(
        `-- killed ${name} (SIGKILL) right after checkpointing ${runId}/${stepKey}; starting worker-c`,
      );
      start("worker-c");
    }
  };

  start("worker-a");
  start("worker-b");
  // Workers exit when nothing is pending; the replacement may start after the first exits.
  while (exits.length > 0) {
    const batch = exits.splice(0);
    await Promise.all(batch);
  }

  const results: Record<string, number> = {};
  const effects: Record<string, Record<string, number>> = {};
  for (const runId of runIds) {
    results[runId] = Number(await redis.get(keys.result(runId)));
    effects[runId] = await effectCounts(redis, options.namespace, runId);
  }
  const leftovers = await redis.keys(`${options.namespace}:*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
  if (!killed) throw new Error("durable-worker: worker-a finished before it could be killed");
  return {
    killed,
    results,
    effects,
    checkpointedBeforeKill: checkpointedBy.get("worker-a") ?? [],
    replayed,
    log,
  };
}

export { STEPS };
