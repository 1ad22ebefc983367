import { describe, expect, it } from "vitest";
import * as core from "@awaitly/core";
import { specExports } from "./spec-exports";

// Static imports keep every entry resolvable by the bundler and type checker.
const entries: Record<string, () => Promise<Record<string, unknown>>> = {
  awaitly: () => import("awaitly"),
  "awaitly/core": () => import("awaitly/core"),
  "awaitly/workflow": () => import("awaitly/workflow"),
  "awaitly/batch": () => import("awaitly/batch"),
  "awaitly/duration": () => import("awaitly/duration"),
  "awaitly/retry": () => import("awaitly/retry"),
  "awaitly/schedule": () => import("awaitly/schedule"),
  "awaitly/resource": () => import("awaitly/resource"),
  "awaitly/reliability": () => import("awaitly/reliability"),
  "awaitly/circuit-breaker": () => import("awaitly/circuit-breaker"),
  "awaitly/ratelimit": () => import("awaitly/ratelimit"),
  "awaitly/saga": () => import("awaitly/saga"),
  "awaitly/policies": () => import("awaitly/policies"),
  "awaitly/persistence": () => import("awaitly/persistence"),
  "awaitly/hitl": () => import("awaitly/hitl"),
  "awaitly/webhook": () => import("awaitly/webhook"),
  "awaitly/otel": () => import("awaitly/otel"),
  "awaitly/visualize": () => import("awaitly/visualize"),
  "awaitly/devtools": () => import("awaitly/devtools"),
  "awaitly/testing": () => import("awaitly/testing"),
  "awaitly/conditional": () => import("awaitly/conditional"),
  "awaitly/match": () => import("awaitly/match"),
  "awaitly/tagged-error": () => import("awaitly/tagged-error"),
};

describe("awaitly entry points", () => {
  it("cover every 1.0.0 entry point", () => {
    expect(Object.keys(entries).sort()).toEqual(Object.keys(specExports).sort());
  });

  it.each(Object.keys(specExports))("%s exports every name it exported in 1.0.0", async (entry) => {
    const load = entries[entry];
    if (!load) throw new Error(`no loader for ${entry}`);
    const module = await load();
    const missing = (specExports[entry] ?? []).filter((name) => module[name] === undefined);
    expect(missing).toEqual([]);
  });

  it("re-exports the same objects as the packages (one copy of core)", async () => {
    const root = await import("awaitly");
    const workflow = await import("awaitly/workflow");
    expect(root.ok).toBe(core.ok);
    expect(workflow.run).toBe(core.run);
    expect(root.EARLY_EXIT_SYMBOL).toBe(core.EARLY_EXIT_SYMBOL);
  });

  it.each(["awaitly", "awaitly/core", "awaitly/workflow"])(
    "%s exports every runtime export of @awaitly/core, as the same object",
    async (entry) => {
      const load = entries[entry];
      if (!load) throw new Error(`no loader for ${entry}`);
      const module = await load();
      const differing = Object.keys(core).filter(
        (name) => module[name] !== (core as Record<string, unknown>)[name],
      );
      expect(differing).toEqual([]);
    },
  );

  it("awaitly/batch is @awaitly/batch, and the root keeps core's combinators", async () => {
    const batch = await import("awaitly/batch");
    const pkg = await import("@awaitly/batch");
    const root = await import("awaitly");
    expect(batch.processInBatches).toBe(pkg.processInBatches);
    expect(batch.batchPresets).toBe(pkg.batchPresets);
    expect(batch.stepInBatches).toBe(pkg.stepInBatches);
    expect([root.all, root.allSettled, root.any, root.partition]).toEqual([
      core.all,
      core.allSettled,
      core.any,
      core.partition,
    ]);
    const result = await batch.processInBatches([1, 2, 3], async (n) => core.ok(n * 10), {
      batchSize: 2,
      concurrency: 2,
    });
    expect(result).toEqual({ ok: true, value: [10, 20, 30] });
  });

  it("runs 1.0.0-style code unchanged", async () => {
    const { createWorkflow, ok, err } = await import("awaitly");
    const { Duration } = await import("awaitly/duration");
    const fetchUser = async (id: string) => (id === "1" ? ok({ id }) : err("NOT_FOUND" as const));
    const workflow = createWorkflow({ fetchUser });
    const result = await workflow(async (step, deps) => (await step(() => deps.fetchUser("1"))).id);
    expect(result).toEqual({ ok: true, value: "1" });
    expect(Duration.toMillis(Duration.seconds(2))).toBe(2000);
  });
});
