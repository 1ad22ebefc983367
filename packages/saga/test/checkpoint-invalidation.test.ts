import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type StepCache } from "@awaitly/core";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";

/** A reservation that succeeds and a charge that fails until `declines` runs out. */
function services(declines: number) {
  const log: string[] = [];
  let left = declines;
  return {
    log,
    reserve: async (): AsyncResult<{ reservationId: string }, "OUT_OF_STOCK"> => {
      log.push("reserve");
      return ok({ reservationId: `r${log.length}` });
    },
    charge: async (): AsyncResult<{ chargeId: string }, "DECLINED"> => {
      log.push("charge");
      return left-- > 0 ? err("DECLINED") : ok({ chargeId: "c1" });
    },
  };
}

function checkout(s: ReturnType<typeof services>, cache: StepCache, invalidate: boolean) {
  const workflow = createWorkflow({ reserve: s.reserve, charge: s.charge }, { cache });
  return workflow(async (step, deps) =>
    runSagaStep(
      step,
      async (saga) => {
        const r = await saga.step(
          () => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }),
          { name: "reserve", compensate: (v) => void s.log.push(`release ${v.reservationId}`) },
        );
        const c = await saga.step(
          // Not keyed: a failed charge is not checkpointed, so the resumed run charges again.
          () => checkpointedStep(step, () => deps.charge(), { name: "charge" }),
          { name: "charge" },
        );
        return `${r.reservationId}/${c.chargeId}`;
      },
      invalidate ? { cache } : {},
    ),
  );
}

describe("runSagaStep({ cache })", () => {
  it("deletes a compensated step's checkpoint, so the resumed run reserves again", async () => {
    const s = services(1);
    const cache = new Map();
    expect(await checkout(s, cache, true)).toEqual({ ok: false, error: "DECLINED" });
    expect(cache.has("reserve")).toBe(false);
    expect(await checkout(s, cache, true)).toEqual({ ok: true, value: "r4/c1" });
    expect(s.log).toEqual(["reserve", "charge", "release r1", "reserve", "charge"]);
  });

  it("without the cache, a resumed run replays the released reservation", async () => {
    const s = services(1);
    const cache = new Map();
    await checkout(s, cache, false);
    expect(await checkout(s, cache, false)).toEqual({ ok: true, value: "r1/c1" });
    expect(s.log).toEqual(["reserve", "charge", "release r1", "charge"]);
  });

  it("keeps the checkpoint of a step whose compensation failed", async () => {
    const cache = new Map();
    const workflow = createWorkflow(
      {
        reserve: async (): AsyncResult<string, "OUT_OF_STOCK"> => ok("r1"),
        charge: async (): AsyncResult<string, "DECLINED"> => err("DECLINED"),
      },
      { cache },
    );
    const result = await workflow(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "reserve" }), {
            compensate: () => {
              throw new Error("release failed");
            },
          });
          return saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "charge" }));
        },
        { cache },
      ),
    );
    expect(result.ok).toBe(false);
    expect(cache.has("reserve")).toBe(true);
  });

  it("deletes only the compensated steps' own checkpoints, also when steps run concurrently", async () => {
    const cache = new Map();
    const value = async (v: string): AsyncResult<string, "FAILED"> => ok(v);
    const workflow = createWorkflow(
      { value, fail: async (): AsyncResult<string, "FAILED"> => err("FAILED") },
      { cache },
    );
    await workflow(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          const undo = () => {};
          await Promise.all([
            saga.step(() => checkpointedStep(step, () => deps.value("a"), { key: "a" }), {
              compensate: undo,
            }),
            saga.step(() => checkpointedStep(step, () => deps.value("b"), { key: "b" }), {
              compensate: undo,
            }),
            saga.step(() => checkpointedStep(step, () => deps.value("kept"), { key: "kept" })),
          ]);
          return saga.step(() => checkpointedStep(step, () => deps.fail(), { name: "fail" }));
        },
        { cache },
      ),
    );
    expect([...cache.keys()]).toEqual(["kept"]);
  });
});
