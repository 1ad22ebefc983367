import { hours, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker, isRunNotFoundError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const RUN_TTL = 100;

const recordKey = (queue: string, runId: string): string =>
  `${ctx.prefix}:${queue}:awaitly:run:r_${runId}`;

function queueOf(name: string) {
  return ctx.track(
    createWorkflowQueue<{ id: number }, string, never>(name, {
      connection: ctx.redis,
      prefix: ctx.prefix,
      runTtlSeconds: RUN_TTL,
    }),
  );
}

describe("run records", () => {
  it("expire when their job is removed before it ran: the run TTL is set at enqueue", async () => {
    const queue = queueOf("orphans");
    await queue.enqueue({ id: 1 }, { runId: "removed" });
    await queue.enqueue({ id: 2 }, { runId: "obliterated" });
    await (await queue.bullQueue.getJob("r_removed"))?.remove();
    await queue.bullQueue.obliterate({ force: true });
    for (const runId of ["removed", "obliterated"]) {
      const ttl = await ctx.redis.ttl(recordKey("orphans", runId));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(RUN_TTL);
    }
  });

  it("of a delayed run outlive its delay", async () => {
    const queue = queueOf("later");
    await queue.enqueue({ id: 1 }, { runId: "in-an-hour", delay: 3_600_000 });
    const ttl = await ctx.redis.ttl(recordKey("later", "in-an-hour"));
    expect(ttl).toBeGreaterThan(3600);
    expect(ttl).toBeLessThanOrEqual(3600 + RUN_TTL);
  });

  it("are not made by a signal or a resume for an unknown run: both are refused", async () => {
    const queue = queueOf("strays");
    const signalled = await queue.signal("nobody", "approval", { approved: true });
    const resumed = await queue.resume("no-one");
    expect(!signalled.ok && isRunNotFoundError(signalled.error)).toBe(true);
    expect(!resumed.ok && isRunNotFoundError(resumed.error)).toBe(true);
    expect(await ctx.redis.keys(`${ctx.prefix}:strays:awaitly:*`)).toStrictEqual([]);
  });

  it("of a parked run outlive the park, and expire after it ends", async () => {
    const queue = queueOf("parked");
    const note = async (what: string): AsyncResult<string, never> => ok(what);
    ctx.track(
      createWorkflowWorker("parked", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        runTtlSeconds: RUN_TTL,
        deps: { note },
        workflow: async (step, d, input: { id: number }, run) => {
          if (input.id === 1) await run.sleep("nap", hours(2));
          else await run.waitForSignal("go");
          return step(() => d.note("done"), { key: "done" });
        },
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "napping" });
    await queue.enqueue({ id: 2 }, { runId: "waiting" });
    await waitFor(async () => (await queue.bullQueue.getDelayedCount()) === 2);
    await waitFor(async () => (await ctx.redis.ttl(recordKey("parked", "napping"))) > 7200);
    expect(await ctx.redis.ttl(recordKey("parked", "napping"))).toBeLessThanOrEqual(7200 + RUN_TTL);
    // No deadline: kept the run TTL per park, not as long as the job could wait.
    expect(await ctx.redis.ttl(recordKey("parked", "waiting"))).toBeLessThanOrEqual(RUN_TTL);
    await queue.signal("waiting", "go");
    expect(await queue.result("waiting", { timeoutMs: 10_000 })).toStrictEqual(ok("done"));
    const ttl = await ctx.redis.ttl(recordKey("parked", "waiting"));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(RUN_TTL);
  });
});
