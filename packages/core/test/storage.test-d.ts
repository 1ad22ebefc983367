import {
  createWorkflow,
  ok,
  type AsyncResult,
  type CheckpointHooks,
  type Checkpointer,
  type CheckpointIO,
  type CheckpointWriteStatus,
  type Fence,
  type FenceSource,
  type ResumeState,
} from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";

declare const hooks: CheckpointHooks;
declare const checkpointer: Checkpointer<Fence>;
const job = async (): AsyncResult<number, "E"> => ok(1);

describe("CheckpointHooks", () => {
  it("spreads into createWorkflow options, with or without a context", () => {
    createWorkflow({ job }, { ...hooks });
    createWorkflow({ job }, { ...hooks, createContext: () => ({ tenant: "a" }) });
    expectTypeOf(hooks.onStepInvalidated).toEqualTypeOf<(stepKey: string) => Promise<void>>();
    expectTypeOf(hooks.onBeforeStep).toEqualTypeOf<
      ((stepKey: string | undefined) => void) | undefined
    >();
  });
});

describe("Checkpointer", () => {
  it("requires a fence choice per run", () => {
    expectTypeOf(checkpointer.forRun("run", { fence: false })).toEqualTypeOf<CheckpointHooks>();
    expectTypeOf(checkpointer.load("run")).resolves.toEqualTypeOf<ResumeState>();
    // @ts-expect-error a fence choice is required
    checkpointer.forRun("run", {});
    // @ts-expect-error the fence must be the checkpointer's fence type
    checkpointer.forRun("run", { fence: "token" });
  });
});

describe("CheckpointIO", () => {
  it("reports how a fenced change ended", () => {
    expectTypeOf<
      ReturnType<CheckpointIO["write"]>
    >().resolves.toEqualTypeOf<CheckpointWriteStatus>();
    expectTypeOf<CheckpointWriteStatus>().toEqualTypeOf<"written" | "lost" | "superseded">();
  });

  it("accepts a lease or a guard holding one as a fence source", () => {
    expectTypeOf<Fence>().toExtend<FenceSource>();
    expectTypeOf<{ readonly lease: Fence | undefined }>().toExtend<FenceSource>();
  });
});
