import { describe, expect, it } from "vitest";
import {
  createStepCollector,
  createWorkflow,
  err,
  ok,
  unwrap,
  type AsyncResult,
  type ResumeState,
  type StepCache,
  type WorkflowEvent,
  type WorkflowOptions,
} from "@awaitly/core";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";

type Errors = "OUT_OF_STOCK" | "NOT_FOUND" | "DECLINED";

/** A reservation, a lookup without compensation, and a charge that declines `declines` times. */
function services(declines: number) {
  const calls = { reserve: 0, lookup: 0, charge: 0, release: [] as string[] };
  return {
    calls,
    deps: {
      reserve: async (): AsyncResult<string, "OUT_OF_STOCK"> => ok(`r${++calls.reserve}`),
      lookup: async (): AsyncResult<string, "NOT_FOUND"> => ok(`l${++calls.lookup}`),
      charge: async (): AsyncResult<string, "DECLINED"> =>
        ++calls.charge <= declines ? err("DECLINED") : ok("c"),
    },
  };
}

/** The checkout saga: reserve (compensated), lookup (not compensated), then charge. */
function checkout(s: ReturnType<typeof services>, options: WorkflowOptions<Errors>) {
  return createWorkflow(
    s.deps,
    options,
  )(async (step, deps) =>
    runSagaStep(step, async (saga) => {
      const reservation = await saga.step(
        () => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }),
        { name: "reserve", compensate: (r) => void s.calls.release.push(r) },
      );
      const found = await saga.step(() =>
        checkpointedStep(step, () => deps.lookup(), { key: "lookup" }),
      );
      const charged = await saga.step(() =>
        checkpointedStep(step, () => deps.charge(), { name: "charge" }),
      );
      return `${reservation}/${found}/${charged}`;
    }),
  );
}

describe("runSagaStep: a compensated step is forgotten by every kind of saved state", () => {
  it("the workflow's cache: the next run with it reserves again and replays the lookup", async () => {
    const s = services(1);
    const cache = new Map() as StepCache & Map<string, unknown>;
    expect(await checkout(s, { cache })).toEqual({ ok: false, error: "DECLINED" });
    expect(s.calls.release).toEqual(["r1"]);
    expect([...cache.keys()]).toEqual(["lookup"]);
    expect(await checkout(s, { cache })).toEqual({ ok: true, value: "r2/l1/c" });
    expect(s.calls).toMatchObject({ reserve: 2, lookup: 1, charge: 2 });
  });

  it("a step collector: the resumed run reserves again and replays the lookup", async () => {
    const s = services(1);
    const collector = createStepCollector();
    expect(await checkout(s, { onEvent: collector.handleEvent })).toEqual({
      ok: false,
      error: "DECLINED",
    });
    const saved: ResumeState = collector.getState();
    expect([...saved.steps.keys()]).toEqual(["lookup"]);
    expect(await checkout(s, { resumeState: saved })).toEqual({ ok: true, value: "r2/l1/c" });
    expect(s.calls).toMatchObject({ reserve: 2, lookup: 1, charge: 2 });
  });

  it("a reservation replayed from saved state and then compensated is forgotten too", async () => {
    const s = services(2);
    const forgotten: string[] = [];
    const state: ResumeState = {
      steps: new Map([
        ["reserve", { result: ok("r-saved") }],
        ["lookup", { result: ok("l-saved") }],
      ]),
    };
    await checkout(s, { resumeState: state, onStepInvalidated: (key) => void forgotten.push(key) });
    expect(s.calls.reserve).toBe(0);
    expect(s.calls.release).toEqual(["r-saved"]);
    expect(forgotten).toEqual(["reserve"]);
  });

  it("checkpointer hooks: onStepInvalidated receives the compensated key after the undo", async () => {
    const s = services(1);
    const order: string[] = [];
    await checkout(s, {
      onAfterStep: (key) => void order.push(`save ${key}`),
      onStepInvalidated: (key) =>
        void order.push(`forget ${key} (released ${s.calls.release.join()})`),
    });
    expect(order).toEqual(["save reserve", "save lookup", "forget reserve (released r1)"]);
  });

  it("keeps every checkpoint of a step whose compensation failed", async () => {
    // The reservation was not released, so it still exists: replaying it on resume is right, and
    // running it again would hold two.
    const collector = createStepCollector();
    const forgotten: string[] = [];
    const cache = new Map() as StepCache & Map<string, unknown>;
    const s = services(1);
    const result = await createWorkflow(s.deps, {
      cache,
      onEvent: collector.handleEvent,
      onStepInvalidated: (key) => void forgotten.push(key),
    })(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
          compensate: () => {
            throw new Error("release failed");
          },
        });
        return saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "charge" }));
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { thrown: { type: "SAGA_COMPENSATION_ERROR" } } },
    });
    expect(cache.has("reserve")).toBe(true);
    expect(collector.getState().steps.has("reserve")).toBe(true);
    expect(forgotten).toEqual([]);
  });

  it("forgets only the compensated steps' own checkpoints, also when steps run concurrently", async () => {
    const cache = new Map() as StepCache & Map<string, unknown>;
    const value = async (v: string): AsyncResult<string, "FAILED"> => ok(v);
    const workflow = createWorkflow(
      { value, fail: async (): AsyncResult<string, "FAILED"> => err("FAILED") },
      { cache },
    );
    await workflow(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        const undo = () => {};
        await Promise.all([
          saga.step(() => checkpointedStep(step, () => deps.value("a"), { key: "a" }), {
            compensate: undo,
          }),
          saga.tryStep(
            async () => unwrap(await checkpointedStep(step, () => deps.value("b"), { key: "b" })),
            { error: "FAILED", compensate: undo },
          ),
          saga.step(() => checkpointedStep(step, () => deps.value("kept"), { key: "kept" })),
        ]);
        return saga.step(() => checkpointedStep(step, () => deps.fail(), { name: "fail" }));
      }),
    );
    expect([...cache.keys()]).toEqual(["kept"]);
  });

  it("a failing invalidation does not count as a failed compensation; the run fails with its error", async () => {
    const lost = Object.assign(new Error("lease lost"), { type: "LOCK_LOST" });
    const s = services(1);
    const events: WorkflowEvent<unknown>[] = [];
    const result = await createWorkflow(s.deps, {
      onStepInvalidated: () => Promise.reject(lost),
      onEvent: (event) => void events.push(event),
    })(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "a" }), {
            compensate: (r) => void s.calls.release.push(r),
          });
          await saga.step(() => checkpointedStep(step, () => deps.lookup(), { key: "b" }), {
            compensate: (l) => void s.calls.release.push(l),
          });
          return saga.step(() => checkpointedStep(step, () => deps.charge(), { name: "charge" }));
        },
        {
          onEvent: (event) => {
            if (event.type === "saga_compensation_end") expect(event.failedCount).toBe(0);
          },
        },
      ),
    );
    // Both undos ran (newest first) although the first invalidation failed.
    expect(s.calls.release).toEqual(["l1", "r1"]);
    expect(result).toMatchObject({
      ok: false,
      error: { type: "UNEXPECTED_ERROR", cause: { thrown: lost } },
    });
  });

  it("still deletes from a cache given as runSagaStep's `cache` option", async () => {
    const s = services(1);
    const other = new Map() as StepCache & Map<string, unknown>;
    other.set("reserve", ok("elsewhere"));
    await createWorkflow(s.deps)(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
            compensate: () => {},
          });
          return saga.step(() => checkpointedStep(step, () => deps.charge(), { name: "charge" }));
        },
        { cache: other },
      ),
    );
    expect(other.has("reserve")).toBe(false);
  });
});
