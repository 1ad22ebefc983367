import { describe, expect, it } from "vitest";
import { createWorkflow, err, isFloatingStepError, run, type AsyncResult, type Result } from "@awaitly/core";

const failingOp = async (): AsyncResult<number, "BOOM"> => err("BOOM");
const deps = { failingOp };

type Listener = (reason: unknown) => void;
const proc = (
  globalThis as unknown as {
    process: { on(e: string, l: Listener): void; off(e: string, l: Listener): void };
  }
).process;
const realSetTimeout = setTimeout;
const flush = () => new Promise<void>((resolve) => realSetTimeout(resolve, 10));

const forms: Record<string, () => Promise<Result<unknown, unknown, unknown>>> = {
  run: () =>
    run(async (step) => {
      void step(() => failingOp());
      return "done";
    }),
  "run with onEvent": () =>
    run(
      async (step) => {
        void step(() => failingOp());
        return "done";
      },
      { onEvent: () => {} },
    ),
  createWorkflow: () =>
    createWorkflow(deps)(async (step, { failingOp }) => {
      void step(() => failingOp());
      return "done";
    }),
  "createWorkflow with onEvent": () =>
    createWorkflow(deps, { onEvent: () => {} })(async (step, { failingOp }) => {
      void step(() => failingOp());
      return "done";
    }),
};

describe("a floating step that fails before the body returns", () => {
  it("still lets the body catch a step failure it awaited later", async () => {
    const result = await run(
      async (step) => {
        const pending = step(() => failingOp());
        await new Promise<void>((resolve) => void realSetTimeout(() => resolve(), 5));
        try {
          await pending;
        } catch {
          // handled on purpose
        }
        return "recovered";
      },
      { onError: () => {} },
    );
    expect(result).toEqual({ ok: true, value: "recovered" });
  });

  for (const [form, start] of Object.entries(forms)) {
    it(`fails the run with a FloatingStepError, without an unhandled rejection: ${form}`, async () => {
      const unhandled: unknown[] = [];
      const listener = (reason: unknown) => void unhandled.push(reason);
      proc.on("unhandledRejection", listener);
      try {
        const result = await start();
        await flush();
        expect(result.ok).toBe(false);
        if (!result.ok) expect(isFloatingStepError(result.cause)).toBe(true);
        expect(unhandled).toEqual([]);
      } finally {
        proc.off("unhandledRejection", listener);
      }
    });
  }
});
