import {
  createStepCollector,
  createWorkflow,
  ok,
  type AsyncResult,
  type RunStep,
  type StepCache,
} from "@awaitly/core";
import {
  createFileCache,
  createHydratingCache,
  createKVCache,
  createMemoryCache,
  createStatePersistence,
} from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { createMemoryFs } from "./support/memory-fs";
import { createMemoryStore } from "./support/memory-store";

/** A reservation that is undone and forgotten, and a lookup that is kept. */
function counted() {
  const calls = { reserve: 0, lookup: 0 };
  const deps = {
    reserve: async (): AsyncResult<string, "OUT_OF_STOCK"> => ok(`r${++calls.reserve}`),
    lookup: async (): AsyncResult<string, "NOT_FOUND"> => ok(`l${++calls.lookup}`),
  };
  const body =
    (forget: boolean) =>
    async (step: RunStep<"OUT_OF_STOCK" | "NOT_FOUND">, d: typeof deps): Promise<string> => {
      const reservation = await step(() => d.reserve(), { key: "reserve" });
      const found = await step(() => d.lookup(), { key: "lookup" });
      if (forget) await step.invalidate("reserve");
      return `${reservation}/${found}`;
    };
  return { calls, deps, body };
}

const states = createStatePersistence(createMemoryStore());
const caches: Array<[string, () => StepCache]> = [
  ["createMemoryCache", () => createMemoryCache()],
  ["createFileCache", () => createFileCache({ directory: "/c", fs: createMemoryFs().fs })],
  ["createKVCache", () => createKVCache({ store: createMemoryStore() })],
  ["createHydratingCache", () => createHydratingCache(createMemoryCache(), states, "none")],
];

describe("step.invalidate with the persistence caches and state", () => {
  it.each(caches)(
    "%s: the next run with the cache runs the forgotten step again",
    async (_, make) => {
      const { calls, deps, body } = counted();
      const workflow = createWorkflow(deps, { cache: make() });
      expect(await workflow(body(true))).toStrictEqual(ok("r1/l1"));
      expect(await workflow(body(false))).toStrictEqual(ok("r2/l1"));
      expect(calls).toStrictEqual({ reserve: 2, lookup: 1 });
    },
  );

  it("createStatePersistence: state saved from a collector leaves the forgotten step out", async () => {
    const { calls, deps, body } = counted();
    const collector = createStepCollector();
    await createWorkflow(deps, { onEvent: collector.handleEvent })(body(true));
    await states.save("order", collector.getState());
    const saved = await states.load("order");
    expect(saved && [...saved.steps.keys()]).toStrictEqual(["lookup"]);
    if (saved === undefined) return;
    expect(await createWorkflow(deps, { resumeState: saved })(body(false))).toStrictEqual(
      ok("r2/l1"),
    );
    expect(calls).toStrictEqual({ reserve: 2, lookup: 1 });
  });
});
