import { ok } from "@awaitly/core";
import { serializeEntry } from "@awaitly/persistence";

export { createWorkflow, ok, type AsyncResult, type RunStep } from "@awaitly/core";

/** The exact text the checkpointer writes for `ok(i)`, so the raw loops store the same bytes. */
export const serializeEntryFor = (i: number): string =>
  JSON.stringify(serializeEntry({ result: ok(i) }));
