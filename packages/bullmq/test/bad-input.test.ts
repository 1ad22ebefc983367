import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

// "order-😀" cut in the middle of the emoji: a lone high surrogate.
const cutRunId = "order-😀".slice(0, 7);

describe("bad input at the queue's boundary", () => {
  it("refuses run ids and signal names with a lone surrogate, storing nothing", async () => {
    const queue = ctx.queue<{ id: number }, string, never>("bad");
    await expect(queue.enqueue({ id: 1 }, { runId: cutRunId })).rejects.toThrow(
      /lone UTF-16 surrogate/,
    );
    await expect(queue.result(cutRunId)).rejects.toThrow(/lone UTF-16 surrogate/);
    await expect(queue.cancel(cutRunId)).rejects.toThrow(/lone UTF-16 surrogate/);
    await expect(queue.resume(cutRunId)).rejects.toThrow(/lone UTF-16 surrogate/);
    await expect(queue.signal("order-1", "appro\uDC00val", 1)).rejects.toThrow(
      /signal name .* lone UTF-16 surrogate/,
    );
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toEqual([]);
  });

  it("refuses a NaN or negative delay, and a bad priority", async () => {
    const queue = ctx.queue<{ id: number }, string, never>("bad");
    for (const delay of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(queue.enqueue({ id: 1 }, { runId: "d", delay })).rejects.toThrow(RangeError);
    }
    await expect(queue.enqueue({ id: 1 }, { runId: "p", priority: 1.5 })).rejects.toThrow(
      /option "priority"/,
    );
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toEqual([]);
  });

  it("refuses schedule({ every: -5 }) and a schedule without a pattern", async () => {
    const queue = ctx.queue<{ id: number }, string, never>("bad");
    await expect(queue.schedule("s", { every: -5 }, { id: 1 })).rejects.toThrow(
      /option "every" must be a whole number of ms/,
    );
    await expect(queue.schedule("s", { every: Number.NaN }, { id: 1 })).rejects.toThrow(RangeError);
    await expect(queue.schedule("s", { pattern: "" }, { id: 1 })).rejects.toThrow(/pattern/);
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toEqual([]);
  });

  it("names the closest valid option for a misspelt one from plain JavaScript", async () => {
    const queue = ctx.queue<{ id: number }, string, never>("bad");
    await expect(queue.enqueue({ id: 1 }, { runid: "x" } as never)).rejects.toThrow(
      new TypeError('WorkflowQueue.enqueue: unknown option "runid" (did you mean "runId"?)'),
    );
    await expect(queue.result("x", { timeout: 5 } as never)).rejects.toThrow(
      /unknown option "timeout" \(did you mean "timeoutMs"\?\)/,
    );
    await expect(queue.schedule("s", { evry: 5 } as never, { id: 1 })).rejects.toThrow(
      /unknown option "evry" \(did you mean "every"\?\)/,
    );
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toEqual([]);
  });
});
