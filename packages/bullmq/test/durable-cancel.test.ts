import { ok, type AsyncResult } from "@awaitly/core";
import { isRunCancelledError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { gate, waitFor } from "./support/wait-for";

const ctx = useBull();

// A two-step workflow whose first step waits for the test, counting the steps that ran.
function twoSteps() {
  const ran: string[] = [];
  const held = gate();
  const first = async (): AsyncResult<string, never> => {
    ran.push("first");
    await held.wait;
    return ok("first");
  };
  const second = async (): AsyncResult<string, never> => {
    ran.push("second");
    return ok("second");
  };
  const options = {
    deps: { first, second },
    workflow: async (
      step: Parameters<Parameters<typeof ctx.worker>[1]["workflow"]>[0],
      d: { first: typeof first; second: typeof second },
    ) => {
      await step(() => d.first(), { key: "first" });
      return step(() => d.second(), { key: "second" });
    },
  };
  return { ran, held, options };
}

describe("a durable cancel", () => {
  it("ends a run cancelled while its worker closes and hands it over: no further step runs", async () => {
    const { ran, held, options } = twoSteps();
    const queue = ctx.queue<{ id: number }, string, never>("handover");
    const closing = ctx.worker("handover", options);
    await queue.enqueue({ id: 1 }, { runId: "moving" });
    await waitFor(() => ran.length === 1);
    const closed = closing.close();
    const cancelled = await queue.cancel("moving");
    expect(cancelled.ok).toBe(true);
    held.open();
    await closed;
    ctx.worker("handover", options); // takes over whatever was handed back
    const result = await queue.result("moving", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
    expect(ran).toStrictEqual(["first"]);
  });

  it("is read from the run record by the worker that takes the run over", async () => {
    const { ran, held, options } = twoSteps();
    const queue = ctx.queue<{ id: number }, string, never>("takeover");
    const first = ctx.worker("takeover", options);
    await queue.enqueue({ id: 1 }, { runId: "taken" });
    await waitFor(() => ran.length === 1);
    // The cancel flag lands in the record while no worker listens: the message is lost.
    const closed = first.close();
    await ctx.redis.hset(`${ctx.prefix}:takeover:awaitly:run:r_taken`, "x", "1");
    held.open();
    await closed;
    ctx.worker("takeover", options);
    const result = await queue.result("taken", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
    expect(ran).toStrictEqual(["first"]);
  });

  it("stops a run whose worker's cancel subscription was down when the cancel was sent", async () => {
    const { ran, held, options } = twoSteps();
    const queue = ctx.queue<{ id: number }, string, never>("offline");
    ctx.worker("offline", options);
    await queue.enqueue({ id: 1 }, { runId: "unheard" });
    await waitFor(() => ran.length === 1);
    const channel = `${ctx.prefix}:offline:awaitly:cancel`;
    const list = await ctx.redis.client("LIST");
    const id = /id=(\d+) [^\n]*name=(\S+)/g;
    const subscriber = [...String(list).matchAll(id)].find((m) => m[2] === channel)?.[1];
    expect(subscriber).toBeDefined();
    await ctx.redis.client("KILL", "ID", subscriber ?? "");
    const cancelled = await queue.cancel("unheard");
    expect(cancelled.ok).toBe(true);
    held.open();
    const result = await queue.result("unheard", { timeoutMs: 10_000 });
    expect(!result.ok && isRunCancelledError(result.error)).toBe(true);
    expect(ran).toStrictEqual(["first"]);
  });
});
