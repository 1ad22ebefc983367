import { runCluster } from "./cluster";

// `npm start`: three workers share Redis, one is killed mid-run, every run still completes once.
const report = await runCluster({
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  namespace: `awaitly-durable-demo-${String(process.pid)}`,
  runs: 4,
  dashboardPort: Number(process.env.PORT ?? 3000),
  onLine: (line) => console.log(line),
});

console.log("\nresults:", report.results);
const repeated = report.checkpointedBeforeKill.filter((key) => report.effects[key] !== 1);
const failed = Object.values(report.results).filter((value) => value.startsWith("failed"));
if (repeated.length > 0 || failed.length > 0) {
  console.error("durable-worker: FAILED", { repeated, failed });
  await report.close();
  process.exit(1);
}
console.log(
  `worker-a was killed after checkpointing ${report.killedAfter}; its checkpointed steps ` +
    `(${report.checkpointedBeforeKill.join(", ")}) ran exactly once, and another worker finished the run.`,
);
if (process.argv.includes("--once")) {
  await report.close();
  process.exit(0);
}
console.log(
  `\nWatch the jobs in bull-board: ${report.dashboard?.url ?? ""}, and the runs (steps, actions) in the run console: ${report.dashboard?.consoleUrl ?? ""} (Ctrl-C to stop)`,
);
process.once("SIGINT", () => void report.close().then(() => process.exit(0)));
