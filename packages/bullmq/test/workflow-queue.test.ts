import { ok, err, isUnexpectedError, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  isRunConflictError,
  isRunNotFoundError,
  isRunTimeoutError,
  isRunCancelledError,
  isRunFinishedError,
} from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

class CardDeclined extends Error {
  readonly _tag = "CardDeclined" as const;
  override readonly name = "CardDeclined";
  constructor(readonly last4: string) {
    super(`card ${last4} declined`);
  }
}

type Input = { amount: number };

function setup(options: { attempts?: number } = {}) {
  const calls: number[] = [];
  const charge = async (amount: number): AsyncResult<string, CardDeclined> => {
    calls.push(amount);
    if (amount === 13) return err(new CardDeclined("4242"));
    if (amount === 66) throw new TypeError("the gateway blew up");
    return ok(`receipt-${amount}`);
  };
  const queue = ctx.track(
    createWorkflowQueue<Input, string, CardDeclined>("orders", {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
      ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
    }),
  );
  const startWorker = () =>
    ctx.track(
      createWorkflowWorker<Input, { charge: typeof charge }, string>("orders", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { charge },
        workflow: async (step, deps, input) =>
          step(() => deps.charge(input.amount), { key: "charge" }),
      }),
    );
  return { queue, startWorker, calls };
}

describe("createWorkflowQueue", () => {
  it("starts one run when the same run id is enqueued twice, also after the run finished", async () => {
    const { queue, startWorker, calls } = setup();
    const first = await queue.enqueue({ amount: 5 }, { runId: "order-1" });
    const second = await queue.enqueue({ amount: 5 }, { runId: "order-1" });
    expect(first).toStrictEqual(ok({ runId: "order-1", deduplicated: false }));
    expect(second).toStrictEqual(ok({ runId: "order-1", deduplicated: true }));
    startWorker();
    expect(await queue.result("order-1", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-5"));
    await queue.bullQueue.clean(0, 100, "completed"); // what removeOnComplete would do
    const third = await queue.enqueue({ amount: 5 }, { runId: "order-1" });
    expect(third).toStrictEqual(ok({ runId: "order-1", deduplicated: true }));
    expect(await queue.result("order-1")).toStrictEqual(ok("receipt-5"));
    expect(calls).toStrictEqual([5]);
  });

  it("copies a completed run's outcome into its record, so dedupe survives the job's removal unread", async () => {
    const { queue, startWorker, calls } = setup();
    startWorker();
    await queue.enqueue({ amount: 7 }, { runId: "unread" });
    const record = `${ctx.prefix}:orders:awaitly:run:r_unread`;
    // Nobody asks for the result: the worker copies the job's return value into the record.
    await waitFor(async () => (await ctx.redis.hget(record, "o")) !== null);
    await queue.bullQueue.clean(0, 100, "completed");
    expect(await queue.enqueue({ amount: 7 }, { runId: "unread" })).toStrictEqual(
      ok({ runId: "unread", deduplicated: true }),
    );
    expect(await queue.result("unread")).toStrictEqual(ok("receipt-7"));
    expect(calls).toStrictEqual([7]);
  });

  it("dedupes through the kept job once the run record is gone, and tells a different input", async () => {
    const { queue, startWorker, calls } = setup();
    startWorker();
    await queue.enqueue({ amount: 8 }, { runId: "old" });
    expect(await queue.result("old", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-8"));
    await ctx.redis.del(`${ctx.prefix}:orders:awaitly:run:r_old`); // as if it expired
    expect(await queue.enqueue({ amount: 8 }, { runId: "old" })).toStrictEqual(
      ok({ runId: "old", deduplicated: true }),
    );
    const other = await queue.enqueue({ amount: 9 }, { runId: "old" });
    expect(!other.ok && isRunConflictError(other.error)).toBe(true);
    expect(await queue.result("old")).toStrictEqual(ok("receipt-8"));
    expect(calls).toStrictEqual([8]);
  });

  it("stores the outcome in the run record first when the job would not be kept", async () => {
    const { queue, startWorker } = setup();
    startWorker();
    // A job added with BullMQ's own options that drop it at once on completion.
    await ctx.redis.hset(`${ctx.prefix}:orders:awaitly:run:r_brief`, "h", "x");
    await queue.bullQueue.add(
      "run",
      { input: { amount: 4 } },
      { jobId: "r_brief", removeOnComplete: true },
    );
    expect(await queue.result("brief", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-4"));
    // The outcome lands in the record before the job completes (and is dropped): wait for that.
    await waitFor(async () => (await queue.bullQueue.getJob("r_brief")) === undefined);
    expect(await queue.result("brief")).toStrictEqual(ok("receipt-4"));
  });

  it("does not cancel a run that already finished", async () => {
    const { queue, startWorker } = setup();
    startWorker();
    await queue.enqueue({ amount: 3 }, { runId: "finished" });
    expect(await queue.result("finished", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-3"));
    await ctx.redis.hdel(`${ctx.prefix}:orders:awaitly:run:r_finished`, "o"); // only the job has it
    const refused = await queue.cancel("finished");
    expect(!refused.ok && isRunFinishedError(refused.error) && refused.error.state).toBe("ok");
    expect(await queue.result("finished")).toStrictEqual(ok("receipt-3"));
  });

  it("returns a RunConflictError when a run id comes back with a different input", async () => {
    const { queue } = setup();
    await queue.enqueue({ amount: 5 }, { runId: "order-2" });
    const conflict = await queue.enqueue({ amount: 6 }, { runId: "order-2" });
    expect(conflict.ok).toBe(false);
    if (!conflict.ok) {
      expect(isRunConflictError(conflict.error)).toBe(true);
      expect(conflict.error).toMatchObject({ runId: "order-2" });
    }
  });

  it("treats inputs that differ only in key order as the same input", async () => {
    const { queue } = setup();
    const q = queue as unknown as ReturnType<
      typeof createWorkflowQueue<Record<string, number>, string, never>
    >;
    await q.enqueue({ a: 1, b: 2 }, { runId: "order-3" });
    expect(await q.enqueue({ b: 2, a: 1 }, { runId: "order-3" })).toStrictEqual(
      ok({ runId: "order-3", deduplicated: true }),
    );
  });

  it("accepts run ids BullMQ would refuse as job ids (integers, colons)", async () => {
    const { queue, startWorker } = setup();
    startWorker();
    await queue.enqueue({ amount: 1 }, { runId: "42" });
    await queue.enqueue({ amount: 2 }, { runId: "tenant:7:order" });
    expect(await queue.result("42", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-1"));
    expect(await queue.result("tenant:7:order", { timeoutMs: 10_000 })).toStrictEqual(
      ok("receipt-2"),
    );
  });

  it("gives back a typed error through Redis, and completes the job without a retry", async () => {
    const { queue, startWorker, calls } = setup();
    startWorker();
    await queue.enqueue({ amount: 13 }, { runId: "declined" });
    const result = await queue.result("declined", { timeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const error = result.error as CardDeclined;
      expect(error).toBeInstanceOf(Error);
      expect(error._tag).toBe("CardDeclined");
      expect(error.name).toBe("CardDeclined");
      expect(error.last4).toBe("4242");
      expect(error.message).toBe("card 4242 declined");
    }
    expect(calls).toStrictEqual([13]);
    expect(await (await queue.bullQueue.getJob("r_declined"))?.getState()).toBe("completed");
  });

  it("retries a throwing run, then gives back the UnexpectedError with its cause", async () => {
    const { queue, startWorker, calls } = setup({ attempts: 2 });
    startWorker();
    await queue.enqueue({ amount: 66 }, { runId: "boom" });
    const result = await queue.result("boom", { timeoutMs: 10_000 });
    expect(calls).toStrictEqual([66, 66]);
    expect(result.ok).toBe(false);
    if (!result.ok && isUnexpectedError(result.error)) {
      const cause = result.error.cause as { thrown?: Error };
      const thrown = cause.thrown as Error;
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown.name).toBe("TypeError");
      expect(thrown.message).toBe("the gateway blew up");
    } else {
      expect.unreachable("expected an UnexpectedError");
    }
  });

  it("gives every result() its outcome when many runs finish while the event listener starts", async () => {
    const { queue, startWorker } = setup();
    const count = 200;
    for (let i = 0; i < count; i++)
      await queue.enqueue({ amount: 100 + i }, { runId: `many-${i}` });
    startWorker();
    // Below the 5 s backstop sweep: only the event stream can deliver these in time.
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) => queue.result(`many-${i}`, { timeoutMs: 4000 })),
    );
    expect(results.filter((r) => !r.ok)).toStrictEqual([]);
  });

  it("reads the outcome from the run record when no event arrives for it", async () => {
    const { queue } = setup();
    await queue.enqueue({ amount: 1 }, { runId: "quiet" }); // no worker: no event will come
    const waiting = queue.result("quiet", { timeoutMs: 8000 });
    await new Promise((r) => setTimeout(r, 300));
    // A run that finished while the event stream was trimmed or not yet read: only its record tells.
    await ctx.redis.hset(
      `${ctx.prefix}:orders:awaitly:run:r_quiet`,
      "o",
      '{"ok":true,"value":"x"}',
    );
    expect(await waiting).toStrictEqual(ok("x"));
  });

  it("answers RunNotFoundError for an unknown run and RunTimeoutError when waiting too long", async () => {
    const { queue } = setup();
    const missing = await queue.result("nobody");
    expect(!missing.ok && isRunNotFoundError(missing.error)).toBe(true);
    await queue.enqueue({ amount: 1 }, { runId: "slow" }); // no worker
    const late = await queue.result("slow", { timeoutMs: 200 });
    expect(!late.ok && isRunTimeoutError(late.error)).toBe(true);
  });

  it("removes a waiting run on cancel and reports it cancelled", async () => {
    const { queue, startWorker, calls } = setup();
    await queue.enqueue({ amount: 1 }, { runId: "never" });
    expect((await queue.cancel("never")).ok).toBe(true);
    startWorker();
    const result = await queue.result("never");
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
    expect(calls).toStrictEqual([]);
    const again = await queue.cancel("never");
    expect(!again.ok && isRunFinishedError(again.error) && again.error.state).toBe("cancelled");
  });

  it("starts a delayed run later and a prioritised run first", async () => {
    const { queue, startWorker, calls } = setup();
    await queue.enqueue({ amount: 1 }, { runId: "later", delay: 600 });
    await queue.enqueue({ amount: 2 }, { runId: "low", priority: 10 });
    await queue.enqueue({ amount: 3 }, { runId: "high", priority: 1 });
    const delayed = await queue.bullQueue.getJob("r_later");
    expect(await delayed?.getState()).toBe("delayed");
    startWorker();
    await queue.result("later", { timeoutMs: 10_000 });
    expect(calls).toStrictEqual([3, 2, 1]);
  });

  it("runs a schedule's ticks as separate runs until it is removed", async () => {
    const { queue, startWorker, calls } = setup();
    startWorker();
    await queue.schedule("every-200ms", { every: 200 }, { amount: 7 });
    await queue.schedule("every-200ms", { every: 200 }, { amount: 7 }); // idempotent upsert
    await vi_waitFor(() => calls.length >= 3, 10_000);
    expect(await queue.unschedule("every-200ms")).toBe(true);
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(calls.length).toBeLessThanOrEqual(after + 1);
    expect(new Set(calls)).toStrictEqual(new Set([7]));
    expect(await queue.bullQueue.getJobSchedulersCount()).toBe(0);
  });

  it("gives a schedule tick's result() through the event stream, as promptly as an enqueued run's", async () => {
    const runIds: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tick = async (runId: string): AsyncResult<string, never> => {
      runIds.push(runId);
      await gate;
      return ok(`tick-${runId}`);
    };
    const queue = ctx.track(
      createWorkflowQueue<Input, string, never>("ticks", {
        connection: ctx.redis,
        prefix: ctx.prefix,
      }),
    );
    ctx.track(
      createWorkflowWorker<Input, { tick: typeof tick }, string>("ticks", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { tick },
        workflow: async (step, deps, _input, run) =>
          step(() => deps.tick(run.runId), { key: "tick" }),
      }),
    );
    await queue.schedule("every-300ms", { every: 300 }, { amount: 1 });
    await vi_waitFor(() => runIds.length >= 1, 10_000);
    await queue.unschedule("every-300ms");
    const runId = runIds[0] as string;
    const waiting = queue.result(runId, { timeoutMs: 3000 }); // below the 5 s backstop sweep
    await new Promise((r) => setTimeout(r, 300));
    release();
    expect(await waiting).toStrictEqual(ok(`tick-${runId}`));
  });

  it("names each run's BullMQ job after the workflow: the queue name, or workflowName", async () => {
    const { queue } = setup();
    await queue.enqueue({ amount: 1 }, { runId: "named" });
    expect((await queue.bullQueue.getJob("r_named"))?.name).toBe("orders");
    const named = ctx.track(
      createWorkflowQueue<Input, string, never>("payments", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        workflowName: "charge-card",
      }),
    );
    await named.enqueue({ amount: 1 }, { runId: "named" });
    expect((await named.bullQueue.getJob("r_named"))?.name).toBe("charge-card");
    await named.schedule("hourly", { every: 3_600_000 }, { amount: 2 });
    expect((await named.bullQueue.getJobScheduler("hourly"))?.name).toBe("charge-card");
    expect(() =>
      createWorkflowQueue("payments", { connection: ctx.redis, workflowName: "" }),
    ).toThrow('option "workflowName" must be a non-empty string');
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
