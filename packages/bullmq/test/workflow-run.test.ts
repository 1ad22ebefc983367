import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

describe("WorkflowRun", () => {
  it("counts attempts, not park/wake cycles: a wake continues the attempt, a retry starts the next", async () => {
    const seen: string[] = [];
    let failed = false;
    const failOnce = async (): AsyncResult<string, never> => {
      if (!failed) {
        failed = true;
        throw new Error("fails once");
      }
      return ok("ok");
    };
    const queue = ctx.track(
      createWorkflowQueue<{ id: number }, string, never>("attempts", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        backoffMs: 10,
      }),
    );
    ctx.track(
      createWorkflowWorker("attempts", {
        connection: ctx.client(),
        prefix: ctx.prefix,
        checkpointer: ctx.checkpointer(),
        deps: { failOnce },
        workflow: async (step, d, _input: { id: number }, run) => {
          seen.push(`start ${String(run.attempt)}`);
          await run.sleep("nap", 50);
          const signal = await run.waitForSignal<string>("go");
          seen.push(`woken ${String(run.attempt)} ${signal.received ? "go" : "-"}`);
          return step(() => d.failOnce(), { key: "fail-once" });
        },
      }),
    );
    await queue.enqueue({ id: 1 }, { runId: "counted" });
    // Parked twice (the sleep, then the signal): two starts of one attempt so far.
    const deadline = Date.now() + 10_000;
    while (
      !(seen.length === 2 && (await queue.bullQueue.getJobState("r_counted")) === "delayed") &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await queue.signal("counted", "go", "now")).ok).toBe(true);
    expect(await queue.result("counted", { timeoutMs: 10_000 })).toStrictEqual(ok("ok"));
    expect(seen).toStrictEqual([
      "start 1", // first start: parks in the sleep
      "start 1", // woken by the sleep's end: parks for the signal
      "start 1", // woken by the signal: the step throws, BullMQ retries the run
      "woken 1 go",
      "start 2",
      "woken 2 go",
    ]);
  });
});
