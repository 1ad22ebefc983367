import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  createResource,
  createResourceScope,
  isResourceCleanupError,
  withScope,
} from "@awaitly/resource";

const tracked = (log: string[], name: string, fail?: unknown) =>
  createResource(
    async () => {
      log.push(`open ${name}`);
      return name;
    },
    async () => {
      log.push(`close ${name}`);
      if (fail !== undefined) throw fail;
    },
  );

describe("withScope", () => {
  it.each([
    ["success", async () => ok("done")],
    ["Err", async () => err("FAILED")],
  ])(
    "releases in reverse acquisition order on %s and returns the same Result",
    async (_label, finish) => {
      const log: string[] = [];
      let returned: unknown;
      const result = await withScope(async (scope) => {
        scope.add(await tracked(log, "db"));
        scope.add(await tracked(log, "cache"));
        scope.add(await tracked(log, "lock"));
        returned = await finish();
        return returned as Awaited<ReturnType<typeof finish>>;
      });
      expect(result).toBe(returned);
      expect(log).toEqual([
        "open db",
        "open cache",
        "open lock",
        "close lock",
        "close cache",
        "close db",
      ]);
    },
  );

  it("releases on a throw and rethrows it", async () => {
    const log: string[] = [];
    const boom = new Error("boom");
    await expect(
      withScope(async (scope) => {
        scope.add(await tracked(log, "a"));
        scope.add(await tracked(log, "b"));
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(log).toEqual(["open a", "open b", "close b", "close a"]);
  });

  it("reports every release failure in closing order with the original Result reachable", async () => {
    const log: string[] = [];
    const e2 = new Error("b failed");
    const result = await withScope(async (scope) => {
      scope.add(await tracked(log, "a"));
      scope.add(await tracked(log, "b", e2));
      scope.add(await tracked(log, "c", "c failed"));
      return err("WORK_FAILED");
    });
    expect(log.slice(-3)).toEqual(["close c", "close b", "close a"]);
    expect(result).toEqual({
      ok: false,
      error: {
        type: "RESOURCE_CLEANUP_ERROR",
        errors: ["c failed", e2],
        originalResult: { ok: false, error: "WORK_FAILED" },
      },
    });
    expect(!result.ok && isResourceCleanupError(result.error)).toBe(true);
  });

  it("keeps a thrown exception reachable when cleanup also fails", async () => {
    const boom = new Error("boom");
    const result = await withScope(async (scope) => {
      scope.add(await tracked([], "a", "release failed"));
      throw boom;
    });
    expect(result).toEqual({
      ok: false,
      error: {
        type: "RESOURCE_CLEANUP_ERROR",
        errors: ["release failed"],
        originalResult: { thrown: boom },
      },
    });
  });

  it("works as a workflow step, with the cleanup error in the union", async () => {
    const log: string[] = [];
    const load = (): AsyncResult<string, "MISSING"> =>
      withScope(async (scope) => ok(scope.add(await tracked(log, "conn")))) as AsyncResult<
        string,
        "MISSING"
      >;
    const workflow = createWorkflow({ load });
    expect(await workflow(async (step, deps) => step(() => deps.load()))).toEqual({
      ok: true,
      value: "conn",
    });
    expect(log).toEqual(["open conn", "close conn"]);
  });
});

describe("createResourceScope", () => {
  it("tracks, counts and empties; add returns the value; the scope is reusable", async () => {
    const scope = createResourceScope();
    const a = await createResource(
      () => 1,
      () => {},
    );
    expect(scope.add(a)).toBe(1);
    expect(scope.has(a)).toBe(true);
    expect(scope.size()).toBe(1);
    await scope.close();
    expect(scope.size()).toBe(0);
    expect(scope.has(a)).toBe(false);
    await scope.close();
  });

  it("also releases resources added while closing", async () => {
    const log: string[] = [];
    const scope = createResourceScope();
    const late = await tracked(log, "late");
    scope.add(
      await createResource(
        () => "first",
        () => void scope.add(late),
      ),
    );
    await scope.close();
    expect(log).toEqual(["open late", "close late"]);
  });

  it("shares one pass between overlapping close calls (nothing closed twice)", async () => {
    const log: string[] = [];
    const scope = createResourceScope();
    scope.add(await tracked(log, "a"));
    await Promise.all([scope.close(), scope.close()]);
    expect(log.filter((l) => l === "close a")).toHaveLength(1);
  });

  it("createResource propagates acquisition failures and rejects non-functions", async () => {
    await expect(
      createResource(
        () => {
          throw new Error("no");
        },
        () => {},
      ),
    ).rejects.toThrow("no");
    await expect(createResource(1 as never, () => {})).rejects.toThrow(TypeError);
  });
});
