import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { describe, expect, it } from "vitest";

const job = async (n: number): AsyncResult<number, "E"> => ok(n);

describe("createWorkflow onBeforeStep", () => {
  it("runs before each keyed step executes, and not on cache hits or unkeyed steps", async () => {
    const calls: string[] = [];
    const workflow = createWorkflow(
      { job },
      {
        resumeState: { steps: new Map([["a", { result: ok(1) }]]) },
        onBeforeStep: (key) => void calls.push(`before ${key}`),
      },
    );
    const result = await workflow(async (step, { job }) => {
      const a = await step(() => job(1), { key: "a" });
      const b = await step(() => (calls.push("run b"), job(2)), { key: "b" });
      const c = await step(() => job(3));
      return a + b + c;
    });
    expect(result).toStrictEqual(ok(6));
    expect(calls).toStrictEqual(["before b", "run b"]);
  });

  it("fails the run without starting the step when it throws", async () => {
    const lost = new Error("lease lost");
    let started = 0;
    const workflow = createWorkflow(
      { job },
      {
        onBeforeStep: (key) => {
          if (key === "second") throw lost;
        },
      },
    );
    const result = await workflow(async (step, { job }) => {
      await step(() => (started++, job(1)), { key: "first" });
      return step(() => (started++, job(2)), { key: "second" });
    });
    expect(started).toBe(1);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('"value":2');
    expect((result as { error: { cause?: { thrown?: unknown } } }).error.cause?.thrown).toBe(lost);
  });
});
