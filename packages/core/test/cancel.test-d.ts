import { describe, expectTypeOf, it } from "vitest";
import {
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type CancelledError,
  type UnexpectedError,
} from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id ? ok({ id }) : err("NOT_FOUND");

describe("cancellation types", () => {
  it("adds CancelledError to run's error union only when a signal is given", async () => {
    const signal = new AbortController().signal;
    const without = await run(async (step) => step(() => fetchUser("1")));
    if (!without.ok) expectTypeOf(without.error).toEqualTypeOf<UnexpectedError>();
    const withSignal = await run(async (step) => step(() => fetchUser("1")), { signal });
    if (!withSignal.ok)
      expectTypeOf(withSignal.error).toEqualTypeOf<UnexpectedError | CancelledError>();
    const maybe = signal as AbortSignal | undefined;
    const typed = await run<number, "NOT_FOUND">(async () => 1, {
      onError: () => {},
      signal: maybe,
    });
    if (!typed.ok)
      expectTypeOf(typed.error).toEqualTypeOf<"NOT_FOUND" | UnexpectedError | CancelledError>();
    const strict = await run.strict<number, "X">(async () => 1, {
      catchUnexpected: () => "X" as const,
      signal,
    });
    if (!strict.ok) expectTypeOf(strict.error).toEqualTypeOf<"X" | CancelledError>();
  });

  it("types the step function's signal and the workflow call's union", async () => {
    const workflow = createWorkflow({ fetchUser });
    const result = await workflow(
      async (step, deps, ctx) => {
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal | undefined>();
        return step((signal) => {
          expectTypeOf(signal).toEqualTypeOf<AbortSignal | undefined>();
          return deps.fetchUser("1");
        });
      },
      { signal: new AbortController().signal },
    );
    if (!result.ok)
      expectTypeOf(result.error).toEqualTypeOf<"NOT_FOUND" | UnexpectedError | CancelledError>();
    const plain = await workflow(async (step, deps) => step(() => deps.fetchUser("1")));
    if (!plain.ok) expectTypeOf(plain.error).toEqualTypeOf<"NOT_FOUND" | UnexpectedError>();
  });
});
