// `pnpm soak`: 1,000 runs on 4 worker processes, one SIGKILLed every ~1.5 s; prints the figures.
// REDIS_URL=redis-cluster://host:port,host:port runs it on a Redis Cluster (hash-tagged prefix).
import { runSoak } from "./run-soak";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const runs = Number(process.env.SOAK_RUNS ?? 1000);
const workers = Number(process.env.SOAK_WORKERS ?? 4);
const report = await runSoak({
  url,
  prefix: url.startsWith("redis-cluster://")
    ? `{awaitly-soak-${crypto.randomUUID()}}`
    : `awaitly-soak-${crypto.randomUUID()}`,
  runs,
  workers,
  killEveryMs: 1500,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const pass =
  report.completed === runs &&
  report.failed === 0 &&
  report.wrongValue === 0 &&
  report.checkpointedStepsRerun === 0 &&
  report.maxRepeatsOfOneRunPerInterruption <= 1;
process.exit(pass ? 0 : 1);
