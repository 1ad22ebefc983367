import { err, ok } from "@awaitly/core";
import {
  createKVWorkflowStateStore,
  isWorkflowStateSerializeError,
  pendingApproval,
} from "@awaitly/hitl";
import { describe, expect, it } from "vitest";
import saved120 from "./fixtures/kv-state-entries-2.json";
import { createMemoryKV } from "./support/memory-kv";

const withRaw = async (key: string, text: string) => {
  const kv = createMemoryKV();
  await kv.set(key, text);
  return createKVWorkflowStateStore(kv, { prefix: "p:" });
};

describe("createKVWorkflowStateStore and the wire codec", () => {
  it("reads a run saved by the previous release (entries: 2), Error causes as Errors", async () => {
    const store = await withRaw("p:r1", JSON.stringify(saved120));
    const loaded = await store.load("r1");
    expect(loaded).toMatchObject({
      workflowName: "orders",
      input: { orderId: "o1" },
      metadata: { tenant: "t1" },
    });
    const steps = loaded!.resumeState.steps;
    expect(steps.get("fetch")?.result).toStrictEqual(ok({ id: 1, tags: ["a"] }));
    expect(steps.get("approve")?.result).toEqual(pendingApproval("approve"));
    const charge = steps.get("charge")?.result as { cause: Error };
    expect([charge.cause.name, charge.cause.message, charge.cause.stack]).toStrictEqual([
      "TypeError",
      "boom",
      "TypeError: boom\n    at z",
    ]);
    expect(steps.get("io")?.result).toStrictEqual(err("UNEXPECTED", { cause: { code: 51 } }));
    expect((steps.get("io")?.meta as { thrown: Error }).thrown.name).toBe("TypeError");
  });

  it("reads a run saved before entries were encoded (raw entries) as it was written", async () => {
    const text = JSON.stringify({
      runId: "r0",
      workflowName: "orders",
      resumeState: {
        steps: [["fail", { result: { ok: false, error: "BOOM", cause: { code: 1 } } }]],
      },
      pendingApprovals: [],
      startedAt: 1,
      updatedAt: 2,
    });
    const loaded = await (await withRaw("p:r0", text)).load("r0");
    expect(loaded?.resumeState.steps.get("fail")?.result).toStrictEqual(
      err("BOOM", { cause: { code: 1 } }),
    );
  });

  it("keeps BigInt, Map, Date and Error causes (with their own cause and fields) across a save", async () => {
    const store = createKVWorkflowStateStore(createMemoryKV());
    const failure = Object.assign(new RangeError("limit", { cause: new Error("bank") }), {
      code: "E_LIMIT",
    });
    await store.save({
      runId: "r1",
      workflowName: "orders",
      resumeState: {
        steps: new Map([
          ["quote", { result: ok({ total: 1234567890123456789n, lines: new Map([["sku", 2]]) }) }],
          [
            "pay",
            {
              result: err("DECLINED", { cause: failure }),
              meta: { origin: "result", resultCause: failure },
            },
          ],
        ]),
      },
      pendingApprovals: [],
      input: { placedAt: new Date("2024-05-01T00:00:00.000Z"), note: undefined },
      metadata: { tenant: "t1", seen: new Set(["a"]) },
      startedAt: 1,
      updatedAt: 0,
    });
    const loaded = (await store.load("r1"))!;
    expect(loaded.resumeState.steps.get("quote")?.result).toStrictEqual(
      ok({ total: 1234567890123456789n, lines: new Map([["sku", 2]]) }),
    );
    const cause = (
      loaded.resumeState.steps.get("pay")?.result as { cause: Error & { code?: string } }
    ).cause;
    expect([cause.name, cause.message, cause.stack, cause.code]).toStrictEqual([
      "RangeError",
      "limit",
      failure.stack,
      "E_LIMIT",
    ]);
    expect((cause.cause as Error).message).toBe("bank");
    expect(loaded.input).toStrictEqual({
      placedAt: new Date("2024-05-01T00:00:00.000Z"),
      note: undefined,
    });
    expect(loaded.metadata).toStrictEqual({ tenant: "t1", seen: new Set(["a"]) });
  });

  it("refuses a cycle or a function with a typed error naming its path, and writes nothing", async () => {
    const kv = createMemoryKV();
    const store = createKVWorkflowStateStore(kv);
    const order: Record<string, unknown> = { id: 1 };
    order.self = order;
    const base = {
      runId: "r1",
      workflowName: "orders",
      resumeState: { steps: new Map() },
      pendingApprovals: [],
      startedAt: 1,
      updatedAt: 0,
    };
    const refused = await store.save({ ...base, input: { order } }).catch((e: unknown) => e);
    expect(isWorkflowStateSerializeError(refused)).toBe(true);
    expect(refused).toMatchObject({
      reason: "unserializable",
      runId: "r1",
      path: "input.order.self",
    });
    const steps = new Map([["pay", { result: ok({ retry: () => 1 }) }]]);
    await expect(store.save({ ...base, resumeState: { steps } })).rejects.toMatchObject({
      path: 'resumeState.steps.get("pay").result.value.retry',
    });
    expect(kv.raw.size).toBe(0);
  });
});
