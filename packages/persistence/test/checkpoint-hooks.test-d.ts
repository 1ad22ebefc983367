import {
  createWorkflow,
  ok,
  type AsyncResult,
  type CheckpointHooks,
  type CheckpointIO,
  type Fence,
} from "@awaitly/core";
import { createCheckpointHooks, saveCheckpoint } from "@awaitly/persistence";
import { describe, expectTypeOf, it } from "vitest";

interface RowLease extends Fence {
  readonly table: string;
}
declare const io: CheckpointIO<RowLease>;
declare const lease: RowLease;
declare const foreign: Fence;
const job = async (): AsyncResult<number, "E"> => ok(1);

describe("createCheckpointHooks", () => {
  it("returns core's CheckpointHooks, spread into workflow or call options", async () => {
    const hooks = createCheckpointHooks(io, "run", { fence: lease });
    expectTypeOf(hooks).toEqualTypeOf<CheckpointHooks>();
    const workflow = createWorkflow({ job }, { ...hooks });
    await workflow(async (step, d) => step(() => d.job(), { key: "k" }), hooks);
    createCheckpointHooks(io, "run", { fence: { lease: undefined } });
    createCheckpointHooks(io, "run", { fence: false, caller: "MyStore.forRun" });
  });

  it("takes only the fence the store's I/O can check", () => {
    // @ts-expect-error this store fences with RowLease, which a bare Fence is not
    createCheckpointHooks(io, "run", { fence: foreign });
    // @ts-expect-error a fence choice is required
    createCheckpointHooks(io, "run", {});
    expectTypeOf(saveCheckpoint(io, "run", "k", { result: ok(1) }, false)).toEqualTypeOf<
      Promise<void>
    >();
  });
});
