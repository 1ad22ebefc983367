import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, run, type AsyncResult } from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id === "1" ? ok({ id }) : err("NOT_FOUND");

describe("smoke", () => {
  it("runs a workflow", async () => {
    const wf = createWorkflow({ fetchUser });
    const r = await wf(async (step, { fetchUser }) => {
      const u = await step(() => fetchUser("1"), { key: "u" });
      return u.id;
    });
    expect(r).toEqual({ ok: true, value: "1" });
    const r2 = await wf(async (step, { fetchUser }) => step(() => fetchUser("2")));
    expect(r2).toEqual({ ok: false, error: "NOT_FOUND" });
  });
  it("run wraps", async () => {
    const r = await run(async (step) => step(err("X")));
    expect(r.ok).toBe(false);
  });
});
