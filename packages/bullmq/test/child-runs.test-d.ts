import type { Result, UnexpectedError, WireEncodeError } from "@awaitly/core";
import type {
  ChildRunError,
  ChildRunOptions,
  RunCancelledError,
  RunConflictError,
  WorkflowQueue,
  WorkflowRun,
} from "@awaitly/bullmq";
import { describe, expectTypeOf, it } from "vitest";

type Item = { sku: string };
type OutOfStock = { type: "OUT_OF_STOCK"; sku: string };
declare const items: WorkflowQueue<Item, number, OutOfStock>;
declare const run: WorkflowRun;

type ItemError =
  OutOfStock | UnexpectedError | RunCancelledError | RunConflictError | WireEncodeError;

describe("WorkflowRun child runs", () => {
  it("types a child's Result from its queue: its own errors and the engine's", async () => {
    const one = await run.child(items, "a", { sku: "x" });
    expectTypeOf(one).toEqualTypeOf<Result<number, ChildRunError<OutOfStock>>>();
    expectTypeOf<ChildRunError<OutOfStock>>().toEqualTypeOf<ItemError>();
    if (!one.ok) expectTypeOf(one.error).toEqualTypeOf<ItemError>();
  });

  it("fail-fast gives every value or the first error; all-settled every Result", async () => {
    const specs = [{ key: "a", input: { sku: "x" } }];
    expectTypeOf(await run.children(items, specs)).toEqualTypeOf<
      Result<number[], ChildRunError<OutOfStock>>
    >();
    expectTypeOf(await run.children(items, specs, { policy: "fail-fast" })).toEqualTypeOf<
      Result<number[], ChildRunError<OutOfStock>>
    >();
    expectTypeOf(await run.children(items, specs, { policy: "all-settled" })).toEqualTypeOf<
      Array<Result<number, ChildRunError<OutOfStock>>>
    >();
  });

  it("refuses an input of another type than the child queue's", () => {
    // @ts-expect-error the child queue takes an Item
    void run.child(items, "a", { id: 1 });
    // @ts-expect-error each spec's input is an Item
    void run.children(items, [{ key: "a", input: "x" }]);
    // @ts-expect-error no such policy
    void run.children(items, [], { policy: "first" });
  });
});

describe("WorkflowQueue.debounce", () => {
  it("takes one item of a queue whose input is an array", () => {
    const digest = {} as WorkflowQueue<Array<{ n: number }>, number, never>;
    void digest.debounce("k", { n: 1 }, { quietMs: 10 });
    // @ts-expect-error one item, not the array
    void digest.debounce("k", [{ n: 1 }], { quietMs: 10 });
  });
});

describe("WorkflowRun child run options", () => {
  it("takes a concurrencyKey and a priority on a spec or a single child, and nothing else", () => {
    void run.children(items, [{ key: "a", input: { sku: "x" }, concurrencyKey: "t", priority: 1 }]);
    void run.child(items, "a", { sku: "x" }, { concurrencyKey: "t" });
    expectTypeOf<ChildRunOptions>().toEqualTypeOf<{
      readonly concurrencyKey?: string | undefined;
      readonly priority?: number | undefined;
    }>();
    // @ts-expect-error a child's run id derives from its parent's: no runId
    void run.children(items, [{ key: "a", input: { sku: "x" }, runId: "r" }]);
    // @ts-expect-error the key is a string
    void run.child(items, "a", { sku: "x" }, { concurrencyKey: 1 });
  });
});
