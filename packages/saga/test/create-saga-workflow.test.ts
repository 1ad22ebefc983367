import { describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, run, type AsyncResult } from "@awaitly/core";
import { createSagaWorkflow, runSaga } from "@awaitly/saga";

function services(failAt?: "reserve" | "charge") {
  const log: string[] = [];
  return {
    log,
    reserve: async (): AsyncResult<{ reservationId: string }, "OUT_OF_STOCK"> => {
      log.push("reserve");
      return failAt === "reserve" ? err("OUT_OF_STOCK") : ok({ reservationId: "r1" });
    },
    charge: async (): AsyncResult<{ chargeId: string }, "DECLINED"> => {
      log.push("charge");
      return failAt === "charge" ? err("DECLINED") : ok({ chargeId: "c1" });
    },
    release: (r: { reservationId: string }) => void log.push(`release ${r.reservationId}`),
  };
}

describe("createSagaWorkflow", () => {
  it("passes the same deps object to every run and runs each independently", async () => {
    const s = services();
    const deps = { reserve: s.reserve, charge: s.charge };
    const checkout = createSagaWorkflow(deps);
    const seen: unknown[] = [];
    const body = async (saga: Parameters<Parameters<typeof checkout>[0]>[0], d: typeof deps) => {
      seen.push(d);
      await saga.step(() => d.reserve(), { compensate: s.release });
      return saga.getCompensations().length;
    };
    expect(await checkout(body)).toEqual({ ok: true, value: 1 });
    expect(await checkout(body)).toEqual({ ok: true, value: 1 });
    expect(seen).toEqual([deps, deps]);
    expect(seen[0]).toBe(deps);
  });

  it("rolls back inside a real run() step and surfaces the failing dep's error", async () => {
    const s = services("charge");
    const checkout = createSagaWorkflow({ reserve: s.reserve, charge: s.charge });
    const result = await run(
      async (step) =>
        step(async () =>
          checkout(async (saga, deps) => {
            await saga.step(() => deps.reserve(), { name: "reserve", compensate: s.release });
            return saga.step(() => deps.charge(), { name: "charge" });
          }),
        ),
      { onError: () => {} },
    );
    expect(result).toMatchObject({ ok: false, error: "DECLINED" });
    expect(s.log).toEqual(["reserve", "charge", "release r1"]);
  });

  it("compensates a failing keyed core step inside a saga step and ends the workflow with its error", async () => {
    const s = services("charge");
    const workflow = createWorkflow({ reserve: s.reserve, charge: s.charge });
    const result = await workflow(async (step, deps) =>
      runSaga(async (saga) => {
        await saga.step(async () => ok(await step(() => deps.reserve(), { key: "reserve" })), {
          compensate: s.release,
        });
        return saga.step(async () => ok(await step(() => deps.charge(), { key: "charge" })));
      }),
    );
    // The saga turns the step's exit into its own err; the workflow still ends with the step's
    // error, since a failed step ends its run whatever the body makes of it.
    expect(result).toEqual({ ok: false, error: "DECLINED" });
    expect(s.log).toEqual(["reserve", "charge", "release r1"]);
  });

  it("calls onError with the error and the failing step's name", async () => {
    const s = services("reserve");
    const onError = vi.fn();
    const checkout = createSagaWorkflow({ reserve: s.reserve }, { onError });
    await checkout(async (saga, deps) => saga.step(() => deps.reserve(), { name: "reserve" }));
    expect(onError).toHaveBeenCalledWith("OUT_OF_STOCK", "reserve");
  });

  it("throws a TypeError naming a bad dependency or option", async () => {
    expect(() => createSagaWorkflow({ x: 1 } as never)).toThrow(
      'createSagaWorkflow: dependency "x" must be a function, got number',
    );
    expect(() => createSagaWorkflow(null as never)).toThrow(TypeError);
    expect(() => createSagaWorkflow({}, { onEvent: "log" } as never)).toThrow(
      'createSagaWorkflow: options.onEvent must be a function, got "log"',
    );
    expect(() => createSagaWorkflow({}, { throwOnCompensationFailure: "yes" } as never)).toThrow(
      'createSagaWorkflow: options.throwOnCompensationFailure must be a boolean, got "yes"',
    );
    await expect(createSagaWorkflow({})(1 as never)).rejects.toThrow(TypeError);
  });
});

describe("runSaga validation", () => {
  it("rejects with a TypeError naming a bad option or body", async () => {
    await expect(runSaga(async () => 1, { onError: 5 } as never)).rejects.toThrow(
      "runSaga: options.onError must be a function, got number 5",
    );
    await expect(runSaga("body" as never)).rejects.toThrow(
      "runSaga: the saga body must be a function, got string",
    );
  });
});
