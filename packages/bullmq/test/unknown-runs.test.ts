import { ok, type AsyncResult } from "@awaitly/core";
import { isRunFinishedError, isRunNotFoundError, isSignalNotAwaitedError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

function setup() {
  const note = async (what: string): AsyncResult<string, never> => ok(what);
  const queue = ctx.queue<{ wait: boolean }, string, never>("answers");
  ctx.worker("answers", {
    deps: { note },
    workflow: async (step, d, input: { wait: boolean }, run) => {
      if (!input.wait) return step(() => d.note("done"), { key: "done" });
      const got = await run.waitForSignal<string>("approval");
      return step(() => d.note(got.received ? got.payload : "none"), { key: "done" });
    },
  });
  const record = (runId: string) => `${ctx.prefix}:answers:awaitly:run:r_${runId}`;
  const delayed = async (runId: string) =>
    (await (await queue.bullQueue.getJob(`r_${runId}`))?.getState()) === "delayed";
  return { queue, record, delayed };
}

describe("cancel, signal and resume of runs that cannot take them", () => {
  it("answer RunNotFoundError for a run that does not exist, and store nothing", async () => {
    const { queue } = setup();
    const answers = [
      await queue.cancel("ghost"),
      await queue.signal("ghost", "approval", "yes"),
      await queue.resume("ghost"),
    ];
    for (const answer of answers) {
      expect(!answer.ok && isRunNotFoundError(answer.error)).toBe(true);
    }
    expect(await ctx.redis.keys(`${ctx.prefix}:answers:awaitly:*`)).toStrictEqual([]);
  });

  it("answer RunFinishedError for a run that ended, and store nothing", async () => {
    const { queue, record } = setup();
    await queue.enqueue({ wait: false }, { runId: "over" });
    expect(await queue.result("over", { timeoutMs: 10_000 })).toStrictEqual(ok("done"));
    const before = await ctx.redis.hgetall(record("over"));
    const answers = [
      await queue.cancel("over"),
      await queue.signal("over", "approval", "yes"),
      await queue.resume("over"),
    ];
    for (const answer of answers) {
      expect(!answer.ok && isRunFinishedError(answer.error) && answer.error.state).toBe("ok");
    }
    expect(await ctx.redis.hgetall(record("over"))).toStrictEqual(before);
    expect(await queue.result("over")).toStrictEqual(ok("done"));
  });

  it("answer SignalNotAwaitedError for a signal the parked run is not waiting for, and store nothing", async () => {
    const { queue, record, delayed } = setup();
    await queue.enqueue({ wait: true }, { runId: "parked" });
    await waitFor(() => delayed("parked"));
    const misspelt = await queue.signal("parked", "aproval", "yes");
    expect(!misspelt.ok && isSignalNotAwaitedError(misspelt.error)).toBe(true);
    if (!misspelt.ok && isSignalNotAwaitedError(misspelt.error)) {
      expect(misspelt.error.awaiting).toBe("approval");
    }
    expect(await ctx.redis.hexists(record("parked"), "s:aproval")).toBe(0);
    expect(await queue.signal("parked", "approval", "yes")).toStrictEqual(ok(undefined));
    expect(await queue.result("parked", { timeoutMs: 10_000 })).toStrictEqual(ok("yes"));
  });
});
