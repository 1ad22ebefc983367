import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Each start of the body computes its deadline afresh, as the README's example does.
function setup(deadlineMs: number) {
  let starts = 0;
  const queue = ctx.queue<{ id: number }, { received: boolean }, never>("deadline");
  ctx.worker("deadline", {
    concurrency: 1,
    deps: {},
    workflow: async (_step, _deps, _input: { id: number }, run) => {
      starts++;
      const answer = await run.waitForSignal("approval", { until: Date.now() + deadlineMs });
      return { received: answer.received };
    },
  });
  // The time the run's delayed job is due (BullMQ's delayed score holds it, times 4096).
  const dueAt = async (runId: string): Promise<number | undefined> => {
    const score = await ctx.redis.zscore(`${ctx.prefix}:deadline:delayed`, `r_${runId}`);
    return score === null ? undefined : Math.floor(Number(score) / 0x1000);
  };
  return { queue, dueAt, starts: () => starts };
}

describe("run.waitForSignal({ until })", () => {
  it("continues with received: false once the deadline passes, though the body recomputes it", async () => {
    const { queue, starts } = setup(800);
    await queue.enqueue({ id: 1 }, { runId: "late" });
    const result = await queue.result("late", { timeoutMs: 10_000 });
    expect(result).toEqual({ ok: true, value: { received: false } });
    // Parked once, woken once at the deadline.
    expect(starts()).toBe(2);
  });

  it("keeps the first deadline when the run wakes early (a 60 s deadline is not moved)", async () => {
    const { queue, dueAt } = setup(60_000);
    await queue.enqueue({ id: 1 }, { runId: "early" });
    await waitFor(async () => (await dueAt("early")) !== undefined);
    const first = await dueAt("early");
    for (let wake = 0; wake < 3; wake++) {
      const job = await queue.bullQueue.getJob("r_early");
      await job?.promote();
      await waitFor(async () => (await dueAt("early")) !== undefined);
      expect(await dueAt("early")).toBe(first);
    }
    expect(await queue.signal("early", "approval", "yes")).toEqual({ ok: true, value: undefined });
    expect(await queue.result("early", { timeoutMs: 10_000 })).toEqual({
      ok: true,
      value: { received: true },
    });
  });
});
