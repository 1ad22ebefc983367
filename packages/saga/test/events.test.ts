import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { err, ok } from "@awaitly/core";
import { runSaga, type SagaEvent } from "@awaitly/saga";

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runSaga events", () => {
  it("emits start and success with one saga id, Date.now stamps and performance.now durations", async () => {
    const events: SagaEvent[] = [];
    const pending = runSaga(
      async (saga) => {
        await tick(40);
        return saga.step(async () => ok(1));
      },
      { onEvent: (e) => void events.push(e) },
    );
    expect(events).toEqual([{ type: "saga_start", sagaId: expect.any(String), ts: 1_000 }]);
    await vi.advanceTimersByTimeAsync(40);
    expect(await pending).toEqual({ ok: true, value: 1 });
    expect(events[1]).toEqual({
      type: "saga_success",
      sagaId: events[0]?.sagaId,
      ts: 1_040,
      durationMs: 40,
    });
  });

  it("emits the failure sequence in order, with step events in rollback order", async () => {
    const events: SagaEvent[] = [];
    const boom = new Error("undo failed");
    const pending = runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), {
          name: "a",
          compensate: async () => void (await tick(5)),
        });
        await saga.step(async () => ok(2), {
          compensate: () => {
            throw boom;
          },
        });
        await saga.step(async () => err("E"), { name: "c" });
      },
      { onEvent: (e) => void events.push(e) },
    );
    await vi.runAllTimersAsync();
    await pending;
    const sagaId = events[0]?.sagaId;
    expect(events.slice(1)).toEqual([
      { type: "saga_error", sagaId, ts: 1_000, durationMs: 0, error: "E" },
      { type: "saga_compensation_start", sagaId, ts: 1_000, stepCount: 2 },
      {
        type: "saga_compensation_step",
        sagaId,
        stepName: undefined,
        ts: 1_000,
        success: false,
        error: boom,
      },
      { type: "saga_compensation_step", sagaId, stepName: "a", ts: 1_005, success: true },
      {
        type: "saga_compensation_end",
        sagaId,
        ts: 1_005,
        durationMs: 5,
        success: false,
        failedCount: 1,
      },
    ]);
    expect(Object.keys(events[3] ?? {})).toContain("stepName");
    expect(Object.keys(events[4] ?? {})).not.toContain("error");
  });

  it("emits compensation start and end even with nothing to compensate", async () => {
    const events: SagaEvent[] = [];
    await runSaga(async (saga) => saga.step(async () => err("E")), {
      onEvent: (e) => void events.push(e),
    });
    expect(events.slice(2)).toMatchObject([
      { type: "saga_compensation_start", stepCount: 0 },
      { type: "saga_compensation_end", success: true, failedCount: 0 },
    ]);
  });

  it("gives every run its own saga id", async () => {
    const ids = new Set<string>();
    const onEvent = (e: SagaEvent) => void ids.add(e.sagaId);
    await runSaga(async () => 1, { onEvent });
    await runSaga(async () => 2, { onEvent });
    expect(ids.size).toBe(2);
  });
});

describe("runSaga with a throwing listener (1.0.0 let it change the saga's course)", () => {
  const listenerBug = new Error("listener bug");
  const throwOn = (type: SagaEvent["type"]) => (e: SagaEvent) => {
    if (e.type === type) throw listenerBug;
  };

  it("rejects before the body runs when saga_start's listener throws", async () => {
    const body = vi.fn(async () => 1);
    await expect(runSaga(body, { onEvent: throwOn("saga_start") })).rejects.toBe(listenerBug);
    expect(body).not.toHaveBeenCalled();
  });

  it("does not roll back a successful saga when saga_success's listener throws", async () => {
    const undo = vi.fn();
    const pending = runSaga(async (saga) => saga.step(async () => ok(1), { compensate: undo }), {
      onEvent: throwOn("saga_success"),
    });
    await expect(pending).rejects.toBe(listenerBug);
    expect(undo).not.toHaveBeenCalled();
  });

  it("still runs every compensation when saga_error's listener throws", async () => {
    const undone: number[] = [];
    const pending = runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), { compensate: (v) => void undone.push(v) });
        await saga.step(async () => ok(2), { compensate: (v) => void undone.push(v) });
        await saga.step(async () => err("E"));
      },
      { onEvent: throwOn("saga_error") },
    );
    await expect(pending).rejects.toBe(listenerBug);
    expect(undone).toEqual([2, 1]);
  });

  it("does not count a compensation as failed when its success event's listener throws", async () => {
    const events: SagaEvent[] = [];
    const onError = vi.fn();
    const pending = runSaga(
      async (saga) => {
        await saga.step(async () => ok(1), { name: "a", compensate: () => {} });
        await saga.step(async () => ok(2), { name: "b", compensate: () => {} });
        await saga.step(async () => err("E"));
      },
      {
        onError,
        onEvent: (e) => {
          events.push(e);
          if (e.type === "saga_compensation_step") throw listenerBug;
        },
      },
    );
    await expect(pending).rejects.toBe(listenerBug);
    expect(events.filter((e) => e.type === "saga_compensation_step")).toMatchObject([
      { stepName: "b", success: true },
      { stepName: "a", success: true },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "saga_compensation_end", failedCount: 0 });
    expect(onError).toHaveBeenCalledWith("E", undefined);
  });
});
