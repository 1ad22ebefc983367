import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { connect, deleteKeys } from "../support/connect";

/** What one soak run measured. */
export interface SoakReport {
  runs: number;
  workers: number;
  kills: number;
  completed: number;
  wrongValue: number;
  failed: number;
  checkpointedStepsRerun: number;
  inFlightRepeats: number;
  maxRepeatsOfOneRunPerInterruption: number;
  killToResumeSeconds: { median: number; max: number };
  seconds: number;
  /** The step executions of the run with the most repeats per interruption. */
  worstRun: string[];
  lockDurationMs: number;
  stalledIntervalMs: number;
}

const workerFile = fileURLToPath(new URL("./worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Enqueues `runs` 5-step runs, keeps `workers` worker processes busy and SIGKILLs a random one
 * every `killEveryMs` (replacing it) until every run has finished; then reads the counters.
 */
export async function runSoak(options: {
  url: string;
  prefix: string;
  runs: number;
  workers: number;
  killEveryMs: number;
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  log?: (line: string) => void;
}): Promise<SoakReport> {
  const { url, prefix, runs, workers, killEveryMs } = options;
  const concurrency = options.concurrency ?? 5;
  const lockDurationMs = options.lockDurationMs ?? 2000;
  const stalledIntervalMs = options.stalledIntervalMs ?? 1000;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const redis = connect(url);
  const queue = createWorkflowQueue<{ n: number }, number, never>("soak", {
    connection: redis,
    prefix,
  });
  const children = new Set<ChildProcess>();
  const ready = new Map<ChildProcess, number>();

  const spawnWorker = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          "--conditions=@awaitly/source",
          "--import",
          "tsx",
          workerFile,
          url,
          prefix,
          "soak",
          String(concurrency),
          String(lockDurationMs),
          String(stalledIntervalMs),
        ],
        { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
      );
      children.add(child);
      child.once("exit", () => {
        children.delete(child);
        ready.delete(child);
      });
      child.once("error", reject);
      child.stdout?.once("data", () => {
        ready.set(child, Date.now());
        resolve(child);
      });
    });

  const kills: number[] = [];
  try {
    for (let n = 0; n < runs; n++) await queue.enqueue({ n }, { runId: `run-${n}` });
    await Promise.all(Array.from({ length: workers }, spawnWorker));
    let finished = false;
    const results = Promise.all(
      Array.from({ length: runs }, (_, n) => queue.result(`run-${n}`, { timeoutMs: 600_000 })),
    ).finally(() => (finished = true));
    while (!finished) {
      await Promise.race([results, new Promise((r) => setTimeout(r, killEveryMs))]);
      if (finished) break;
      // Only workers that are up count as victims; the replacement starts in the background so
      // a slow start (tsx on a busy machine) does not space the kills out.
      // A victim must have worked for a while: on a busy machine, killing workers as soon as they
      // start would only measure start-up time.
      const victims = [...ready]
        .filter(([, since]) => Date.now() - since >= killEveryMs)
        .map(([c]) => c);
      const victim = victims[Math.floor(Math.random() * victims.length)];
      if (victim === undefined) continue;
      victim.kill("SIGKILL");
      ready.delete(victim);
      kills.push(Date.now());
      void spawnWorker();
      log(
        `kill ${kills.length}: ${String(await queue.bullQueue.getCompletedCount())}/${runs} completed`,
      );
    }
    const outcomes = await results;
    const effects = await redis.hgetall(`${prefix}:soak:effects`);
    const reruns = await redis.hgetall(`${prefix}:soak:rerun-checkpointed`);
    const resumes = (await redis.lrange(`${prefix}:soak:resumes`, 0, -1)).map(Number);
    let inFlightRepeats = 0;
    const repeatsPerRun = new Map<string, number>();
    for (const [field, count] of Object.entries(effects)) {
      const extra = Number(count) - 1;
      if (extra <= 0) continue;
      inFlightRepeats += extra;
      const runId = field.slice(0, field.lastIndexOf(":"));
      repeatsPerRun.set(runId, (repeatsPerRun.get(runId) ?? 0) + extra);
    }
    let maxRepeatsOfOneRunPerInterruption = 0;
    let worstRun: string[] = [];
    for (const [runId, repeats] of repeatsPerRun) {
      const job = await queue.bullQueue.getJob(`r_${runId}`);
      const interruptions = Math.max(1, (job?.attemptsStarted ?? 2) - 1);
      if (repeats / interruptions > maxRepeatsOfOneRunPerInterruption) {
        maxRepeatsOfOneRunPerInterruption = repeats / interruptions;
        worstRun = [
          `${runId}: attemptsStarted ${String(job?.attemptsStarted)}`,
          ...(await redis.lrange(`${prefix}:soak:trace:${runId}`, 0, -1)),
        ];
      }
    }
    const delays = resumes
      .map((at) => {
        const kill = kills.filter((k) => k <= at).at(-1);
        return kill === undefined ? undefined : (at - kill) / 1000;
      })
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    return {
      runs,
      workers,
      kills: kills.length,
      completed: outcomes.filter((r) => r.ok).length,
      wrongValue: outcomes.filter((r, n) => r.ok && r.value !== n + 5).length,
      failed: outcomes.filter((r) => !r.ok).length,
      checkpointedStepsRerun: Object.values(reruns).reduce((sum, c) => sum + Number(c), 0),
      inFlightRepeats,
      maxRepeatsOfOneRunPerInterruption,
      killToResumeSeconds: {
        median: delays[Math.floor(delays.length / 2)] ?? 0,
        max: delays.at(-1) ?? 0,
      },
      seconds: (Date.now() - started) / 1000,
      worstRun,
      lockDurationMs,
      stalledIntervalMs,
    };
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await queue.close();
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  }
}
