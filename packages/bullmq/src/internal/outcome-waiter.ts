import { QueueEvents, type Queue } from "bullmq";
import { READ_RUN } from "../scripts/read-run-3.lua";
import { SETTLE_FAILED } from "../scripts/settle-failed-2.lua";
import { jobIdOf, runIdOf } from "./keys";
import { duplicate, type RedisClient } from "./option-checks";
import type { QueueCache } from "./queue-cache";
import type { ResolvedQueueBase } from "./resolve-options";
import { runScript } from "./run-script";
import { failedOutcome } from "./wire";

/** @internal What one read of a run's record and job tells. */
export type RunRead = { hash: string | null; outcome: string | null; job: boolean };

/** @internal Reads runs' outcomes and waits for them, for a queue's `result()`. */
export interface OutcomeWaiter {
  /** The run's record and job in one round trip: input hash, outcome if any, whether its job exists. */
  read(runId: string): Promise<RunRead>;
  /** Whether the run is known, and its outcome if it already has one. */
  lookUp(runId: string): Promise<{ known: boolean; outcome?: string | undefined }>;
  /** The run's encoded outcome once it has one, or `undefined` after `timeoutMs`. */
  wait(runId: string, timeoutMs: number): Promise<string | undefined>;
  /** Stops listening for events. */
  close(): Promise<void>;
}

const SWEEP_MS = 5000;

/**
 * @internal One set of event listeners per BullMQ queue (the queue's and each version's its runs
 * are in), started on the first wait there; each waiting `result()` registers by run id, which an
 * event's job id maps back to for enqueued runs and scheduler ticks alike. A slow sweep re-reads
 * every waiting run as a backstop.
 */
export function createOutcomeWaiter(
  base: ResolvedQueueBase,
  queue: Queue,
  cache: QueueCache,
  onError: (error: Error) => void,
): OutcomeWaiter {
  const { redis, keys, runTtl, name, prefix } = base;
  const events = new Map<string, QueueEvents>();
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const read = async (runId: string): Promise<RunRead> => {
    const record = keys.record(runId);
    const place = await cache.placeOf(prefix, name, runId);
    const [hash, outcome, job, failed] = (await runScript(
      redis,
      READ_RUN,
      [record, place.keys.job(jobIdOf(runId)), keys.index],
      [runTtl, jobIdOf(runId), Date.now()],
    )) as [string | null, string | null, number, string | null];
    if (outcome !== null || failed === null) return { hash, outcome, job: job === 1 };
    // Failed for good without an outcome: that is its terminal state, recorded once.
    const stored = await runScript(
      redis,
      SETTLE_FAILED,
      [record, keys.index],
      [failedOutcome(failed), runTtl, jobIdOf(runId), Date.now()],
    );
    return { hash, outcome: stored as string, job: true };
  };

  const waiters = new Map<string, Set<() => void>>();
  const onEvent = (args: { jobId: string }): void => {
    for (const check of waiters.get(runIdOf(args.jobId)) ?? []) check();
  };
  // Started at "now" the listener would miss runs finishing before its first read: it starts a
  // little in the past (Redis clock).
  // Each BullMQ queue's listener blocks a connection of its own (they cannot share one).
  const connections: RedisClient[] = [];
  const listen = async (bullName: string): Promise<QueueEvents> => {
    const known = events.get(bullName);
    if (known !== undefined) return known;
    const [seconds] = await redis.time();
    const again = events.get(bullName);
    if (again !== undefined) return again;
    const connection = duplicate(redis);
    connections.push(connection);
    const listener = new QueueEvents(bullName, {
      connection,
      prefix,
      lastEventId: `${String((Number(seconds) - 5) * 1000)}-0`,
    });
    events.set(bullName, listener);
    connection.on("error", onError);
    listener.on("error", onError);
    listener.on("completed", onEvent);
    listener.on("failed", onEvent);
    listener.on("removed", onEvent);
    if (sweeper === undefined) {
      sweeper = setInterval(() => {
        for (const checks of waiters.values()) for (const check of checks) check();
      }, SWEEP_MS);
      (sweeper as { unref?: () => void }).unref?.();
    }
    return listener;
  };

  return {
    read,
    async lookUp(runId) {
      const run = await read(runId);
      if (run.outcome !== null) return { known: true, outcome: run.outcome };
      if (run.hash !== null || run.job) return { known: true };
      // Scheduler ticks have no record until they finish; their job tells they exist.
      return { known: (await queue.getJob(runId)) !== undefined };
    },
    wait: (runId, timeoutMs) =>
      new Promise((resolve, reject) => {
        let done = false;
        const finish = (value: string | undefined, error?: unknown): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const set = waiters.get(runId);
          set?.delete(check);
          if (set?.size === 0) waiters.delete(runId);
          if (error !== undefined) reject(error);
          else resolve(value);
        };
        const check = (): void => {
          read(runId).then(
            ({ outcome }) => {
              if (outcome !== null) finish(outcome);
            },
            (error: unknown) => finish(undefined, error),
          );
        };
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        let set = waiters.get(runId);
        if (set === undefined) waiters.set(runId, (set = new Set()));
        set.add(check);
        // A schedule tick (no record) is in this queue's own BullMQ queue.
        const where = runId.startsWith("repeat:")
          ? Promise.resolve(queue.name)
          : cache.placeOf(prefix, name, runId).then((place) => place.queue.name);
        where
          .then(listen)
          .then((listener) => listener.waitUntilReady())
          .then(check, (error: unknown) => finish(undefined, error));
      }),
    async close() {
      clearInterval(sweeper);
      await Promise.all([...events.values()].map((listener) => listener.close()));
      for (const connection of connections) connection.disconnect();
    },
  };
}
