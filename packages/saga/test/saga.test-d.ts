import { describe, expectTypeOf, it } from "vitest";
import { err, ok, type AsyncResult, type Result, type UnexpectedError } from "@awaitly/core";
import {
  createSagaWorkflow,
  runSaga,
  type SagaCompensationError,
  type SagaContext,
  type SagaEvent,
  type SagaResult,
} from "@awaitly/saga";

const reserve = async (): AsyncResult<{ id: string }, "OUT_OF_STOCK"> => ok({ id: "r" });
const charge = async (): AsyncResult<number, "DECLINED"> => err("DECLINED");
const validate = (): Result<true, { kind: "INVALID" }> => ok(true);
const other = async (): AsyncResult<number, "OTHER"> => ok(1);

describe("createSagaWorkflow", () => {
  it("infers the error union from deps, sync and async", async () => {
    const checkout = createSagaWorkflow({ reserve, charge, validate });
    const result = await checkout(async (saga, deps) => {
      expectTypeOf(saga).toEqualTypeOf<
        SagaContext<"OUT_OF_STOCK" | "DECLINED" | { kind: "INVALID" }>
      >();
      const r = await saga.step(() => deps.reserve(), {
        compensate: (value) => {
          expectTypeOf(value).toEqualTypeOf<{ id: string }>();
        },
      });
      // @ts-expect-error "OTHER" is not an error of any dependency
      await saga.step(() => other());
      return r.id;
    });
    expectTypeOf(result).toEqualTypeOf<
      SagaResult<string, "OUT_OF_STOCK" | "DECLINED" | { kind: "INVALID" }>
    >();
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<string>();
    else
      expectTypeOf(result.error).toEqualTypeOf<
        "OUT_OF_STOCK" | "DECLINED" | { kind: "INVALID" } | UnexpectedError | SagaCompensationError
      >();
  });

  it("constrains tryStep errors to the deps union", async () => {
    const checkout = createSagaWorkflow({ reserve, charge });
    await checkout(async (saga) => {
      const n = await saga.tryStep(() => 1, { error: "DECLINED" });
      expectTypeOf(n).toEqualTypeOf<number>();
      await saga.tryStep(() => Promise.resolve("s"), { onError: () => "OUT_OF_STOCK" as const });
      // @ts-expect-error "NOPE" is not an error of any dependency
      await saga.tryStep(() => 1, { error: "NOPE" });
      // @ts-expect-error compensate receives the step's value, a number
      await saga.tryStep(() => 1, { error: "DECLINED", compensate: (v: string) => void v });
    });
  });

  it("types onError with the deps union", () => {
    createSagaWorkflow(
      { reserve },
      {
        onError: (error, stepName) => {
          expectTypeOf(error).toEqualTypeOf<
            "OUT_OF_STOCK" | UnexpectedError | SagaCompensationError
          >();
          expectTypeOf(stepName).toEqualTypeOf<string | undefined>();
        },
      },
    );
    // @ts-expect-error deps must be Result-returning functions
    createSagaWorkflow({ notAFunction: 1 });
  });
});

describe("runSaga", () => {
  it("takes explicit error types", async () => {
    const result = await runSaga<number, "DECLINED">(async (saga) => saga.step(() => charge()));
    if (!result.ok)
      expectTypeOf(result.error).toEqualTypeOf<
        "DECLINED" | UnexpectedError | SagaCompensationError
      >();
    await runSaga<number, "DECLINED">(async (saga) =>
      // @ts-expect-error "OUT_OF_STOCK" is not in the declared union
      saga.step(() => reserve().then(() => err("OUT_OF_STOCK" as const))),
    );
  });

  it("types onEvent with saga events only", () => {
    void runSaga(async () => 1, {
      onEvent: (event) => expectTypeOf(event).toEqualTypeOf<SagaEvent>(),
    });
  });
});
