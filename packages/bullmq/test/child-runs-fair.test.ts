import { ok } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

describe("WorkflowRun.children with a concurrencyKey", () => {
  it("starts children through their key's slots: never more active than concurrencyPerKey", async () => {
    const perKey = 2;
    const items = ctx.track(
      createWorkflowQueue<number, number, never>("items", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        concurrencyPerKey: perKey,
      }),
    );
    const orders = ctx.queue<string, number, never>("orders");
    const active = new Map<string, number>();
    const most = new Map<string, number>();
    ctx.worker("items", {
      deps: {},
      concurrency: 8,
      workflow: async (_step, _deps, n: number, run) => {
        const tenant = run.runId.split("/")[0]!;
        active.set(tenant, (active.get(tenant) ?? 0) + 1);
        most.set(tenant, Math.max(most.get(tenant) ?? 0, active.get(tenant)!));
        await new Promise((r) => setTimeout(r, 30));
        active.set(tenant, active.get(tenant)! - 1);
        return n;
      },
    });
    ctx.worker("orders", {
      deps: {},
      childRecheckMs: 500,
      workflow: async (_step, _deps, tenant: string, run) => {
        const specs = [1, 2, 3, 4, 5, 6].map((n) => ({
          key: String(n),
          input: n,
          concurrencyKey: tenant,
        }));
        const all = await run.children(items, specs);
        const single = await run.child(items, "7", 7, { concurrencyKey: tenant, priority: 1 });
        if (!all.ok || !single.ok) throw new Error("a child failed");
        return all.value.reduce((a, b) => a + b, 0) + single.value;
      },
    });
    await orders.enqueue("acme", { runId: "acme" });
    await orders.enqueue("globex", { runId: "globex" });
    expect(await orders.result("acme", { timeoutMs: 30_000 })).toStrictEqual(ok(28));
    expect(await orders.result("globex", { timeoutMs: 30_000 })).toStrictEqual(ok(28));
    expect(most.get("acme")).toBeLessThanOrEqual(perKey);
    expect(most.get("globex")).toBeLessThanOrEqual(perKey);
  });

  it("refuses a bad concurrencyKey or an unknown field in a child spec, naming it", async () => {
    const items = ctx.queue<number, number, never>("items");
    const orders = ctx.queue<string, string, never>("orders");
    ctx.worker("orders", {
      deps: {},
      workflow: async (_step, _deps, field: string, run) => {
        const spec = { key: "a", input: 1, [field]: field === "concurrencyKey" ? "" : 1 };
        try {
          await run.children(items, [spec]);
          return "accepted";
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    await orders.enqueue("concurrencyKey", { runId: "bad-key" });
    await orders.enqueue("runId", { runId: "unknown-field" });
    const badKey = await orders.result("bad-key", { timeoutMs: 10_000 });
    expect(badKey.ok && badKey.value).toContain('option "concurrencyKey"');
    const unknown = await orders.result("unknown-field", { timeoutMs: 10_000 });
    expect(unknown.ok && unknown.value).toContain("runId");
  });
});
