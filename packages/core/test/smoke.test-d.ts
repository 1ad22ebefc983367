import { expectTypeOf, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type UnexpectedError } from "@awaitly/core";

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id === "1" ? ok({ id }) : err("NOT_FOUND");

it("infers errors", async () => {
  const wf = createWorkflow({ fetchUser });
  const r = await wf(async (step, { fetchUser }) => (await step(() => fetchUser("1"))).id);
  if (!r.ok) expectTypeOf(r.error).toEqualTypeOf<"NOT_FOUND" | UnexpectedError>();
});
