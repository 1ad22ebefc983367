import { spawn, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createWorkflowQueue, type WorkflowQueue } from "@awaitly/bullmq";
import { Redis } from "ioredis";
import { startDashboard } from "./dashboard";
import { QUEUE, type Order } from "./orders";

const workerScript = fileURLToPath(new URL("./worker.ts", import.meta.url));

export type ClusterReport = {
  /** The run and step after whose checkpoint worker-a was SIGKILLed. */
  killedAfter: string;
  results: Record<string, string>;
  /** Side effects per `runId:step` (the step's idempotency key). */
  effects: Record<string, number>;
  /** Steps worker-a checkpointed before it died: each must have run exactly once. */
  checkpointedBeforeKill: string[];
  resumed: string[];
  dashboard: { server: Server; url: string; consoleUrl: string } | undefined;
  queue: WorkflowQueue<Order, string, never>;
  close: () => Promise<void>;
};

/**
 * Enqueues `runs` orders, starts worker-a alone, SIGKILLs it right after its second checkpoint and
 * starts workers b, c and d, which finish its runs; resolves once every run has its result.
 */
export async function runCluster(options: {
  redisUrl: string;
  namespace: string;
  runs: number;
  dashboardPort?: number | undefined;
  onLine?: (line: string) => void;
}): Promise<ClusterReport> {
  const say = options.onLine ?? (() => {});
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = createWorkflowQueue<Order, string, never>(QUEUE, {
    connection: redis,
    prefix: options.namespace,
  });
  const dashboard =
    options.dashboardPort === undefined
      ? undefined
      : await startDashboard([queue], options.dashboardPort);
  if (dashboard) say(`bull-board: ${dashboard.url}\nrun console: ${dashboard.consoleUrl}`);

  const runIds = Array.from({ length: options.runs }, (_, i) => `order-${String(i + 1)}`);
  for (const [i, runId] of runIds.entries()) {
    await queue.enqueue({ orderId: String(i + 1), amount: 10 * (i + 1) }, { runId });
  }

  const children = new Set<ChildProcess>();
  const checkpointedByA: string[] = [];
  const resumed: string[] = [];
  let killedAfter = "";
  const start = (name: string): void => {
    const child = spawn(
      process.execPath,
      ["--conditions=@awaitly/source", "--import", "tsx", workerScript],
      {
        env: {
          ...process.env,
          WORKER_NAME: name,
          NAMESPACE: options.namespace,
          REDIS_URL: options.redisUrl,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.add(child);
    child.once("exit", () => children.delete(child));
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        onLine(name, child, buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
      }
    });
  };
  const onLine = (name: string, child: ChildProcess, line: string): void => {
    say(line);
    const [, verb, runId, step] = line.split(" ");
    if (verb === "resumed" && runId) resumed.push(line);
    if (name !== "worker-a" || verb !== "checkpointed" || killedAfter !== "") return;
    checkpointedByA.push(`${String(runId)}:${String(step)}`);
    if (checkpointedByA.length === 2) {
      killedAfter = `${String(runId)}:${String(step)}`;
      child.kill("SIGKILL");
      say(
        `-- killed worker-a (SIGKILL) right after it checkpointed ${killedAfter}; starting workers b, c and d`,
      );
      start("worker-b");
      start("worker-c");
      start("worker-d");
    }
  };
  // worker-a starts alone, so it surely holds runs when it is killed.
  start("worker-a");

  const results: Record<string, string> = {};
  for (const runId of runIds) {
    const result = await queue.result(runId, { timeoutMs: 120_000 });
    results[runId] = result.ok ? result.value : `failed: ${JSON.stringify(result.error)}`;
  }
  const effects = Object.fromEntries(
    Object.entries(await redis.hgetall(`${options.namespace}:effects`)).map(([k, v]) => [
      k,
      Number(v),
    ]),
  );

  const close = async (): Promise<void> => {
    for (const child of children) child.kill("SIGTERM");
    dashboard?.server.close();
    await queue.close();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${options.namespace}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  };
  return {
    killedAfter,
    results,
    effects,
    checkpointedBeforeKill: checkpointedByA,
    resumed,
    dashboard,
    queue,
    close,
  };
}
