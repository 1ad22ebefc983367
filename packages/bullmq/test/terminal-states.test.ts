import { err, isUnexpectedError, ok, type AsyncResult } from "@awaitly/core";
import {
  isRunCancelledError,
  RunCancelledError,
  RunFinishedError,
  type RunState,
} from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { gate, waitFor } from "./support/wait-for";

const ctx = useBull();

type Input = { how: "value" | "error" | "refused" | "throws" | "hold" };

// Longer than each test's own timeout: a result() that waited for a dead run would fail the test.
const PATIENCE_MS = 60_000;

function setup(options: { retryOnThrows?: boolean } = {}) {
  const calls: string[] = [];
  const held = gate();
  const act = async (how: Input["how"]): AsyncResult<unknown, "DECLINED"> => {
    calls.push(how);
    if (how === "error") return err("DECLINED");
    if (how === "throws") throw new TypeError("the gateway blew up");
    if (how === "hold") await held.wait;
    return ok("receipt");
  };
  const queue = ctx.queue<Input, unknown, "DECLINED">("states");
  ctx.worker("states", {
    deps: { act },
    ...(options.retryOnThrows
      ? {
          retryOn: () => {
            throw new Error("retryOn blew up");
          },
        }
      : {}),
    workflow: async (step, d, input: Input) => {
      const value = await step(() => d.act(input.how), { key: "act" });
      // A value the wire codec refuses: the run's outcome cannot be stored as it is.
      return input.how === "refused" ? { notify: () => value } : value;
    },
  });
  const state = async (runId: string) =>
    (await ctx.redis.hget(`${ctx.prefix}:states:awaitly:run:r_${runId}`, "st")) as RunState | null;
  return { queue, calls, held, state };
}

describe("terminal states", () => {
  it("answers every way a run ends at once, typed, with the record's state", async () => {
    const { queue, held, state } = setup();
    for (const how of ["value", "error", "refused", "throws", "hold"] as const) {
      await queue.enqueue({ how }, { runId: how });
    }
    await waitFor(async () => (await state("hold")) === "running");
    expect((await queue.cancel("hold")).ok).toBe(true);
    held.open();

    expect(await queue.result("value", { timeoutMs: PATIENCE_MS })).toStrictEqual(ok("receipt"));
    expect(await state("value")).toBe("ok");

    expect(await queue.result("error", { timeoutMs: PATIENCE_MS })).toStrictEqual(err("DECLINED"));
    expect(await state("error")).toBe("err");

    const refused = await queue.result("refused", { timeoutMs: PATIENCE_MS });
    expect(!refused.ok && isUnexpectedError(refused.error)).toBe(true);
    expect(await state("refused")).toBe("failed");

    const cancelled = await queue.result("hold", { timeoutMs: PATIENCE_MS });
    expect(!cancelled.ok && isRunCancelledError(cancelled.error)).toBe(true);
    expect(await state("hold")).toBe("cancelled");
  });

  it("reads how a run ended from its outcome when its record holds no state", async () => {
    const { queue, held } = setup();
    await queue.enqueue({ how: "hold" }, { runId: "old" });
    expect((await queue.cancel("old")).ok).toBe(true);
    held.open();
    const cancelled = await queue.result("old", { timeoutMs: PATIENCE_MS });
    expect(!cancelled.ok && cancelled.error).toBeInstanceOf(RunCancelledError);
    // A record written before runs had states: only the outcome says how the run ended.
    await ctx.redis.hdel(`${ctx.prefix}:states:awaitly:run:r_old`, "st");
    const again = await queue.cancel("old");
    expect(!again.ok && again.error).toBeInstanceOf(RunFinishedError);
    expect(!again.ok && again.error).toMatchObject({ runId: "old", state: "cancelled" });
  });

  it("answers a run whose retries ran out with its UnexpectedError at once", async () => {
    const { queue, calls, state } = setup();
    await queue.bullQueue.add(
      "states",
      { input: { how: "throws" } },
      { jobId: "r_exhausted", attempts: 2, backoff: 0 },
    );
    await ctx.redis.hset(`${ctx.prefix}:states:awaitly:run:r_exhausted`, "h", "x", "st", "queued");
    const result = await queue.result("exhausted", { timeoutMs: PATIENCE_MS });
    expect(!result.ok && isUnexpectedError(result.error)).toBe(true);
    expect(calls).toStrictEqual(["throws", "throws"]);
    expect(await state("exhausted")).toBe("failed");
  });

  it("answers a run failed by an exception outside the workflow at once", async () => {
    const { queue, calls, state } = setup({ retryOnThrows: true });
    await queue.bullQueue.add("states", { input: { how: "error" } }, { jobId: "r_broken" });
    await ctx.redis.hset(`${ctx.prefix}:states:awaitly:run:r_broken`, "h", "x", "st", "queued");
    const result = await queue.result("broken", { timeoutMs: PATIENCE_MS });
    expect(!result.ok && isUnexpectedError(result.error)).toBe(true);
    expect(await state("broken")).toBe("failed");
    expect(calls).toStrictEqual(["error"]);
  });

  it("dedupes a new enqueue of a failed run id to the failed run, also once its job is gone", async () => {
    const { queue, calls } = setup();
    await queue.enqueue({ how: "refused" }, { runId: "dead" });
    const first = await queue.result("dead", { timeoutMs: PATIENCE_MS });
    expect(first.ok).toBe(false);
    expect(await queue.enqueue({ how: "refused" }, { runId: "dead" })).toStrictEqual(
      ok({ runId: "dead", deduplicated: true }),
    );
    await queue.bullQueue.remove("r_dead");
    expect(await queue.enqueue({ how: "refused" }, { runId: "dead" })).toStrictEqual(
      ok({ runId: "dead", deduplicated: true }),
    );
    expect(await queue.result("dead", { timeoutMs: PATIENCE_MS })).toStrictEqual(first);
    expect(calls).toStrictEqual(["refused"]);
  });
});
