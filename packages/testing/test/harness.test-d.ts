import { expectTypeOf, it } from "vitest";
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowHarness, type MockStep } from "@awaitly/testing";

const load = async (): AsyncResult<number, "NOT_FOUND"> => ok(1);
const other = async (): AsyncResult<number, "OTHER"> => ok(1);

it("types the mock step with the deps' error union", async () => {
  const harness = createWorkflowHarness({ load });
  await harness.run(async (step, deps) => {
    expectTypeOf(step).toEqualTypeOf<MockStep<"NOT_FOUND">>();
    // @ts-expect-error "OTHER" is not an error of any dependency
    await step(() => other());
    return step(() => deps.load());
  });
});
