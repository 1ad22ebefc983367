import { STEPS, runCluster } from "./cluster";

// `npm start`: two workers share Redis, one is killed mid-run, every run still completes once.
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const report = await runCluster({
  redisUrl,
  namespace: `awaitly-durable-demo:${process.pid}`,
  runs: 4,
  onLine: (line) => console.log(line),
});

console.log("\nresults:", report.results);
console.log("side effects per step:", report.effects);
const bad = Object.entries(report.results).filter(([, value]) => value !== STEPS.length);
const repeated = report.checkpointedBeforeKill.filter((id) => {
  const [runId, step] = id.split("/") as [string, string];
  return report.effects[runId]?.[step] !== 1;
});
if (bad.length > 0 || repeated.length > 0) {
  console.error("durable-worker: FAILED", { bad, repeated });
  process.exit(1);
}
console.log(
  `\nworker-a was killed after checkpointing ${report.killed.afterCheckpoint}; its checkpointed steps ` +
    `(${report.checkpointedBeforeKill.join(", ")}) ran exactly once: another worker replayed them ` +
    `from Redis (${report.replayed.join(", ")}) and finished the run.`,
);
