import { expectTypeOf, it } from "vitest";
import { err, ok } from "@awaitly/core";
import { withScope, type ResourceCleanupError } from "@awaitly/resource";

it("adds the cleanup error to the work's error union", async () => {
  const result = await withScope(async () => (Math.random() > 2 ? err("E" as const) : ok(1)));
  if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<"E" | ResourceCleanupError>();
});
