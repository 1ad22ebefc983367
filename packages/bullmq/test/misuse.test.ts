import {
  err,
  isFloatingStepError,
  isStepKeyCollisionError,
  isUnexpectedError,
  ok,
  type AsyncResult,
} from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

const later = (ms: number, value: string): AsyncResult<string, never> =>
  new Promise((resolve) => setTimeout(() => resolve(ok(value)), ms));

const thrownOf = (error: unknown): unknown =>
  isUnexpectedError(error) ? (error.cause as { thrown?: unknown }).thrown : error;

describe("misuse errors under the worker", () => {
  it("fails a run with a floating step for good: no retry into success, onError called", async () => {
    const errors: Error[] = [];
    let starts = 0;
    const queue = ctx.queue<{ id: number }, string, never>("floating");
    ctx.worker("floating", {
      deps: { later },
      onError: (error) => errors.push(error),
      workflow: async (step, d) => {
        starts++;
        // The forgotten await: the run must not complete on a retry that replays the checkpoint.
        void step(() => d.later(50, "charged"), { key: "charge" });
        return "done";
      },
    });
    await queue.enqueue({ id: 1 }, { runId: "floating-1" });
    const result = await queue.result("floating-1", { timeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isFloatingStepError(thrownOf(result.error))).toBe(true);
    expect(errors.some(isFloatingStepError)).toBe(true);
    expect(await queue.bullQueue.getJobState("r_floating-1")).toBe("failed");
    expect(starts).toBe(1);
  });

  it("ends a run whose unawaited step fails at once with that step's error, and the worker lives on", async () => {
    const declined = async (): AsyncResult<string, { type: "DECLINED" }> => err({ type: "DECLINED" });
    const queue = ctx.queue<{ id: number }, string, { type: "DECLINED" }>("floating-fail");
    ctx.worker("floating-fail", {
      deps: { declined, later },
      workflow: async (step, d) => {
        // The forgotten await of a step that fails before the body returns.
        void step(() => d.declined(), { key: "charge" });
        await step(() => d.later(20, "mailed"), { key: "mail" });
        return "done";
      },
    });
    for (const id of [1, 2]) await queue.enqueue({ id }, { runId: `floating-fail-${id}` });
    for (const id of [1, 2]) {
      const result = await queue.result(`floating-fail-${id}`, { timeoutMs: 10_000 });
      expect(result).toMatchObject({ ok: false, error: { type: "DECLINED" } });
    }
  });

  it("fails a run whose steps collide on a key for good", async () => {
    const errors: Error[] = [];
    const queue = ctx.queue<{ id: number }, string, never>("collide");
    ctx.worker("collide", {
      deps: { later },
      onError: (error) => errors.push(error),
      workflow: async (step, d) => {
        await step(() => d.later(1, "a"), { key: "k", name: "first" });
        return step(() => d.later(1, "b"), { key: "k", name: "second" });
      },
    });
    await queue.enqueue({ id: 1 }, { runId: "collide-1" });
    const result = await queue.result("collide-1", { timeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isStepKeyCollisionError(thrownOf(result.error))).toBe(true);
    expect(errors.some(isStepKeyCollisionError)).toBe(true);
    expect(await queue.bullQueue.getJobState("r_collide-1")).toBe("failed");
  });
});
