import { describe, expectTypeOf, it } from "vitest";
import {
  createWorkflow,
  ok,
  realClock,
  resolveClock,
  run,
  type AsyncResult,
  type Clock,
  type RunOptions,
  type UnexpectedError,
  type WorkflowCallOptions,
  type WorkflowOptions,
} from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> => ok({ id });

describe("clock option types", () => {
  it("is a Clock on run, workflow and call options, and does not change the error type", async () => {
    expectTypeOf<RunOptions<"E">["clock"]>().toEqualTypeOf<Clock | undefined>();
    expectTypeOf<WorkflowOptions<"E">["clock"]>().toEqualTypeOf<Clock | undefined>();
    expectTypeOf<WorkflowCallOptions["clock"]>().toEqualTypeOf<Clock | undefined>();
    const result = await run(async (step) => step(() => fetchUser("1")), { clock: realClock });
    if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<UnexpectedError>();
    const workflow = createWorkflow({ fetchUser }, { clock: realClock });
    const called = await workflow(async (step, deps) => step(() => deps.fetchUser("1")), {
      clock: realClock,
    });
    if (!called.ok) expectTypeOf(called.error).toEqualTypeOf<"NOT_FOUND" | UnexpectedError>();
  });

  it("rejects what is not a Clock, and resolveClock returns one", () => {
    // @ts-expect-error a clock needs setTimeout and clearTimeout
    void run(async () => 1, { clock: { now: () => 0 } });
    expectTypeOf(resolveClock(undefined, "x")).toEqualTypeOf<Clock>();
  });
});
