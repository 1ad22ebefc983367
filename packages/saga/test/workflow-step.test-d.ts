import { describe, expectTypeOf, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type UnexpectedError } from "@awaitly/core";
import { checkpointedStep, runSagaStep, type SagaContext } from "@awaitly/saga";

const reserve = async (): AsyncResult<{ id: string }, "OUT_OF_STOCK"> => ok({ id: "r" });
const charge = async (): AsyncResult<number, "DECLINED"> => ok(1);
const other = async (): AsyncResult<number, "OTHER"> => ok(1);

describe("runSagaStep", () => {
  it("gives the saga the workflow's error union and the body's value", async () => {
    const workflow = createWorkflow({ reserve, charge });
    const result = await workflow(async (step, deps) => {
      const value = await runSagaStep(step, async (saga) => {
        expectTypeOf(saga).toEqualTypeOf<SagaContext<"OUT_OF_STOCK" | "DECLINED">>();
        const r = await saga.step(() => checkpointedStep(step, () => deps.reserve(), { key: "r" }));
        expectTypeOf(r).toEqualTypeOf<{ id: string }>();
        // @ts-expect-error "OTHER" is not an error of the workflow
        await saga.step(() => other());
        return saga.step(() => checkpointedStep(step, () => deps.charge(), { key: "c" }));
      });
      expectTypeOf(value).toEqualTypeOf<number>();
      return value;
    });
    expectTypeOf(result.ok ? undefined : result.error).toEqualTypeOf<
      "OUT_OF_STOCK" | "DECLINED" | UnexpectedError | undefined
    >();
  });

  it("checkpointedStep only accepts operations of the workflow's errors", async () => {
    const workflow = createWorkflow({ reserve });
    await workflow(async (step) => {
      expectTypeOf(checkpointedStep(step, reserve, { key: "r" })).toEqualTypeOf<
        AsyncResult<{ id: string }, never>
      >();
      // @ts-expect-error "OTHER" is not an error of the workflow
      await checkpointedStep(step, other, { key: "o" });
    });
  });
});
