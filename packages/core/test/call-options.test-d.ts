import { describe, expectTypeOf, it } from "vitest";
import {
  createWorkflow,
  ok,
  type AfterStepHook,
  type AsyncResult,
  type CancelledError,
  type ResumeState,
  type ResumeStateEntry,
  type Result,
  type UnexpectedError,
  type WorkflowCallOptions,
} from "@awaitly/core";

const job = async (n: number): AsyncResult<number, "E"> => ok(n);
type Tenant = { tenant: string };

describe("workflow call options types", () => {
  it("types the call's context and hooks with the workflow's context type", async () => {
    const workflow = createWorkflow({ job }, { createContext: (): Tenant => ({ tenant: "x" }) });
    const result = await workflow(
      async (step, { job }, ctx) => {
        expectTypeOf(ctx.context).toEqualTypeOf<Tenant | undefined>();
        return step(() => job(1));
      },
      {
        context: { tenant: "a" },
        onBeforeStep: (stepKey, workflowId, context) => {
          expectTypeOf(stepKey).toEqualTypeOf<string | undefined>();
          expectTypeOf(workflowId).toEqualTypeOf<string>();
          expectTypeOf(context).toEqualTypeOf<Tenant>();
        },
        onAfterStep: (stepKey, result, _workflowId, context, entry) => {
          expectTypeOf(stepKey).toEqualTypeOf<string>();
          expectTypeOf(result.ok).toEqualTypeOf<boolean>();
          expectTypeOf(context).toEqualTypeOf<Tenant>();
          expectTypeOf(entry).toEqualTypeOf<ResumeStateEntry>();
        },
        onStepInvalidated: (stepKey, _workflowId, context) => {
          expectTypeOf(stepKey).toEqualTypeOf<string>();
          expectTypeOf(context).toEqualTypeOf<Tenant>();
        },
        resumeState: async () => ({ steps: new Map<string, ResumeStateEntry>() }),
      },
    );
    // Without a signal the call cannot be cancelled.
    if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<"E" | UnexpectedError>();
  });

  it("rejects a context of another type", async () => {
    const workflow = createWorkflow({ job }, { createContext: (): Tenant => ({ tenant: "x" }) });
    // @ts-expect-error the call's context must be the workflow's context type
    await workflow(async () => 1, { context: { tenant: 1 } });
    // @ts-expect-error a workflow without createContext has no context type to give
    await createWorkflow({ job })(async () => 1, { context: { tenant: "a" } });
  });

  it("adds CancelledError when the options may carry a signal", async () => {
    const workflow = createWorkflow({ job });
    const options: WorkflowCallOptions = { signal: new AbortController().signal };
    const result = await workflow(async () => 1, options);
    if (!result.ok)
      expectTypeOf(result.error).toEqualTypeOf<"E" | UnexpectedError | CancelledError>();
    const strict = createWorkflow({ job }, { strict: true, catchUnexpected: () => "U" as const });
    const plain = await strict(async () => 1, { onBeforeStep: () => {} });
    if (!plain.ok) expectTypeOf(plain.error).toEqualTypeOf<"E" | "U">();
  });

  it("gives the workflow-level onAfterStep the entry argument too", () => {
    createWorkflow(
      { job },
      {
        onAfterStep: (_key, _result, _id, _ctx, entry) => {
          expectTypeOf(entry).toEqualTypeOf<ResumeStateEntry>();
        },
      },
    );
    expectTypeOf<AfterStepHook<Tenant>>().parameter(4).toEqualTypeOf<ResumeStateEntry>();
  });

  it("accepts checkpoint hooks spread into the workflow's options or a call's", async () => {
    // The shape of a checkpointer's per-run hooks (DESIGN-25 §2).
    type CheckpointHooks = {
      resumeState(): Promise<ResumeState>;
      onBeforeStep: ((stepKey: string | undefined) => void) | undefined;
      onAfterStep(
        stepKey: string,
        result: Result<unknown, unknown, unknown>,
        workflowId?: string,
        context?: unknown,
        entry?: ResumeStateEntry,
      ): Promise<void>;
      onStepInvalidated(stepKey: string): Promise<void>;
    };
    const hooks = {} as CheckpointHooks;
    const perWorkflow = createWorkflow({ job }, { ...hooks });
    await perWorkflow(async () => 1);
    const shared = createWorkflow({ job }, { createContext: (): Tenant => ({ tenant: "x" }) });
    const result = await shared(async () => 1, { ...hooks, context: { tenant: "a" } });
    if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<"E" | UnexpectedError>();
  });
});
