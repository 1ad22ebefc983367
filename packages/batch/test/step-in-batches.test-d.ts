import { describe, expectTypeOf, it } from "vitest";
import { createWorkflow, run, type AsyncResult } from "@awaitly/core";
import { batchPresets, stepInBatches } from "@awaitly/batch";

declare function embed(text: string): AsyncResult<number[], "RATE_LIMITED">;
declare function flush(): AsyncResult<void, "FLUSH_FAILED">;
declare function other(text: string): AsyncResult<number, "NOT_A_DEP_ERROR">;
declare const texts: readonly string[];

describe("stepInBatches", () => {
  it("returns the values and fits a workflow whose deps produce the errors", async () => {
    const workflow = createWorkflow({ embed, flush });
    const result = await workflow(async (step, deps) => {
      const vectors = await stepInBatches(step, "embed", texts, deps.embed, batchPresets.balanced, {
        afterBatch: deps.flush,
      });
      expectTypeOf(vectors).toEqualTypeOf<number[][]>();
      return vectors.length;
    });
    if (!result.ok && typeof result.error === "string")
      expectTypeOf(result.error).toEqualTypeOf<"RATE_LIMITED" | "FLUSH_FAILED">();
  });

  it("refuses an item function whose error the workflow cannot return", () => {
    const workflow = createWorkflow({ embed });
    void workflow(async (step) =>
      // @ts-expect-error "NOT_A_DEP_ERROR" is not in the workflow's error union
      stepInBatches(step, "other", texts, other, batchPresets.balanced),
    );
  });

  it("accepts any error inside a plain run()", () => {
    void run(async (step) => {
      expectTypeOf(
        await stepInBatches(step, "other", texts, other, batchPresets.balanced),
      ).toEqualTypeOf<number[]>();
    });
  });
});
