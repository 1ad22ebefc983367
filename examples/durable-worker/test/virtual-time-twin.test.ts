import {
  createWorkflowQueue,
  createWorkflowWorker,
  RunCancelledError,
  RunFinishedError,
  type WorkflowQueue,
} from "@awaitly/bullmq";
import { realClock, type Clock } from "@awaitly/core";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { createTestEnvironment, createVirtualClock } from "@awaitly/testing";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { renewals, type Renewal } from "../src/renewals";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN_OPTIONS = { attempts: 3, backoffMs: 50 } as const;

type StepRow = [string, string, string | undefined, string | undefined];
type Outcome = {
  result: unknown;
  status: string | undefined;
  attempts: number | undefined;
  steps: StepRow[];
  checkpoints: unknown;
};

/**
 * The worker's clock, running ahead of real time: a wait on it (a step retry's backoff) ends at
 * once with the clock moved to the wait's end, and `jumpTo` moves it to a park's end. BullMQ's
 * delayed jobs follow Redis's own time, so a parked run whose time has come on this clock is woken
 * with `queue.resume(runId)`, which promotes its delayed job as BullMQ would at that time.
 */
function aheadClock(): Clock & { jumpTo(time: number): void } {
  let offset = 0;
  const now = () => Date.now() + offset;
  const jumpTo = (time: number) => {
    offset = Math.max(offset, time - Date.now());
  };
  return {
    now,
    setTimeout: (callback, ms) => {
      const due = now() + Math.max(0, ms);
      return realClock.setTimeout(() => {
        jumpTo(due);
        callback();
      }, 0);
    },
    clearTimeout: (handle) => realClock.clearTimeout(handle),
    jumpTo,
  };
}

/** Deletes every key under `prefix` (the run records and checkpoints outlive the queue), then disconnects. */
async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  redis.disconnect();
}

async function parkedOn(
  queue: WorkflowQueue<Renewal, unknown, unknown>,
  runId: string,
  on: string,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const info = await queue.run(runId);
    if (info?.status === "parked" && info.parkedOn?.on === on) return info.parkedOn;
    if (Date.now() > deadline) {
      throw new Error(`run ${runId} never parked on ${on} (status ${String(info?.status)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const rowsOf = (
  steps: ReadonlyArray<{
    key: string;
    status: string;
    errorType?: string | undefined;
    errorMessage?: string | undefined;
  }>,
): StepRow[] => steps.map((s) => [s.key, s.status, s.errorType, s.errorMessage]);

/** Both renewals on real BullMQ and Redis: ana chooses a plan, mallory lets the week pass. */
async function onBullMQ(): Promise<Record<string, Outcome>> {
  const prefix = `awaitly-twin-${crypto.randomUUID()}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const checkpointer = createRedisCheckpointer(redis, { prefix: `${prefix}:cp:` });
  const clock = aheadClock();
  const definition = renewals(clock);
  const queue = createWorkflowQueue(definition, {
    connection: redis,
    prefix,
    checkpointer,
    ...RUN_OPTIONS,
  });
  const worker = createWorkflowWorker(definition, {
    connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
    prefix,
    checkpointer,
    clock,
  });
  const wake = async (runId: string, on: string) => {
    const park = await parkedOn(queue, runId, on);
    clock.jumpTo(park.until ?? 0);
    await queue.resume(runId);
  };
  try {
    await worker.waitUntilReady();
    const outcomes: Record<string, Outcome> = {};
    for (const user of ["ana", "mallory"]) {
      await queue.enqueue({ user }, { runId: user });
      await wake(user, "sleep");
      if (user === "ana") {
        await parkedOn(queue, user, "plan-chosen");
        await queue.signal(user, "plan-chosen", { plan: "pro" });
      } else {
        await wake(user, "plan-chosen");
      }
      const result = await queue.result(user, { timeoutMs: 20_000 });
      const info = await queue.run(user);
      outcomes[user] = {
        result,
        status: info?.status,
        attempts: info?.attempts,
        steps: rowsOf(info?.steps ?? []),
        // The worker keeps each run's checkpoints under `<queue>:<run id>`.
        checkpoints: (await checkpointer.load(`${definition.name}:${user}`)).steps,
      };
    }
    return outcomes;
  } finally {
    await worker.close();
    await queue.close();
    await dropPrefix(redis, prefix);
  }
}

/** The same two renewals in `createTestEnvironment`, on virtual time. */
async function inTestEnvironment(): Promise<Record<string, Outcome>> {
  const clock = createVirtualClock({ start: Date.now() });
  const env = createTestEnvironment(renewals(clock), { clock, ...RUN_OPTIONS });
  const outcomes: Record<string, Outcome> = {};
  for (const user of ["ana", "mallory"]) {
    await env.start({ user }, { runId: user });
    await env.advance("30d");
    if (user === "ana") await env.signal(user, "plan-chosen", { plan: "pro" });
    else await env.advance("7d");
    const result = await env.result(user, { timeout: "1h" });
    const info = env.run(user);
    outcomes[user] = {
      result,
      status: info?.status,
      attempts: info?.attempts,
      steps: rowsOf(info?.steps ?? []),
      checkpoints: env.checkpoints(user),
    };
  }
  return outcomes;
}

describe("createTestEnvironment next to BullMQ", () => {
  it("gives the values, errors, steps and checkpoints a real worker gives for the same definition", async () => {
    const real = await onBullMQ();
    const virtual = await inTestEnvironment();
    expect(virtual).toStrictEqual(real);
    // And what both gave is the story the workflow tells.
    expect(real.ana?.result).toStrictEqual({
      ok: true,
      value: { plan: "pro", receipt: "receipt ana/pro", attempt: 2 },
    });
    expect(real.mallory?.result).toStrictEqual({
      ok: false,
      error: { type: "DECLINED", user: "mallory" },
    });
    expect(real.ana?.steps.map(([key, status]) => `${key} ${status}`)).toStrictEqual([
      "welcome completed",
      "awaitly:sleep:trial completed",
      "awaitly:signal:plan-chosen completed",
      "charge completed",
      "receipt completed",
    ]);
    // (A Redis hash lists its fields in no particular order; maps compare by their entries.)
    expect([...(real.ana?.checkpoints as Map<string, unknown>).keys()].sort()).toStrictEqual([
      "awaitly:signal:plan-chosen",
      "awaitly:sleep:trial",
      "charge",
      "receipt",
      "welcome",
    ]);
    expect(real.mallory?.steps.at(-1)).toStrictEqual(["charge", "failed", "DECLINED", undefined]);
  }, 90_000);

  it("answers a cancelled run, and a cancel of a finished one, with the same error classes", async () => {
    const prefix = `awaitly-twin-${crypto.randomUUID()}`;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const checkpointer = createRedisCheckpointer(redis, { prefix: `${prefix}:cp:` });
    const definition = renewals(realClock);
    const queue = createWorkflowQueue(definition, { connection: redis, prefix, checkpointer });
    const worker = createWorkflowWorker(definition, {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      checkpointer,
    });
    const clock = createVirtualClock({ start: Date.now() });
    const env = createTestEnvironment(renewals(clock), { clock });
    try {
      await worker.waitUntilReady();
      await queue.enqueue({ user: "bob" }, { runId: "bob" });
      await parkedOn(queue, "bob", "sleep");
      await env.start({ user: "bob" }, { runId: "bob" });
      await env.advance("1d");

      const real = [
        await queue.cancel("bob"),
        await queue.result("bob"),
        await queue.cancel("bob"),
      ];
      const virtual = [await env.cancel("bob"), await env.result("bob"), await env.cancel("bob")];
      // One set of classes: a test written against the environment reads the same on BullMQ.
      for (const answers of [real, virtual]) {
        expect(answers[0]?.ok).toBe(true);
        expect(!answers[1]?.ok && answers[1]?.error).toBeInstanceOf(RunCancelledError);
        expect(!answers[2]?.ok && answers[2]?.error).toBeInstanceOf(RunFinishedError);
      }
      expect(virtual.slice(1)).toStrictEqual(real.slice(1));
    } finally {
      await worker.close();
      await queue.close();
      await dropPrefix(redis, prefix);
    }
  }, 60_000);
});
