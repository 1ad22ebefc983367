import { expectTypeOf, it } from "vitest";
import { err, ok, type AsyncResult, type UnexpectedError } from "@awaitly/core";
import { createSagaWorkflow, runSaga, type SagaCompensationError } from "@awaitly/saga";

const reserve = async (): AsyncResult<{ id: string }, "OUT_OF_STOCK"> => ok({ id: "r" });
const charge = async (): AsyncResult<number, "DECLINED"> => err("DECLINED");
const other = async (): AsyncResult<number, "OTHER"> => ok(1);

it("infers the error union from deps", async () => {
  const checkout = createSagaWorkflow({ reserve, charge });
  const result = await checkout(async (saga, deps) => {
    const r = await saga.step(() => deps.reserve(), {
      compensate: (value) => {
        expectTypeOf(value).toEqualTypeOf<{ id: string }>();
      },
    });
    // @ts-expect-error "OTHER" is not an error of any dependency
    await saga.step(() => other());
    return r.id;
  });
  if (result.ok) expectTypeOf(result.value).toEqualTypeOf<string>();
  else
    expectTypeOf(result.error).toEqualTypeOf<
      "OUT_OF_STOCK" | "DECLINED" | UnexpectedError | SagaCompensationError
    >();
});

it("runSaga takes explicit error types", async () => {
  const result = await runSaga<number, "DECLINED">(async (saga) => saga.step(() => charge()));
  if (!result.ok)
    expectTypeOf(result.error).toEqualTypeOf<
      "DECLINED" | UnexpectedError | SagaCompensationError
    >();
});
