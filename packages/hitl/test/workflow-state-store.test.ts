import { err, ok } from "@awaitly/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createKVWorkflowStateStore,
  createMemoryWorkflowStateStore,
  isWorkflowStateSerializeError,
  pendingApproval,
  type SavedWorkflowState,
  type WorkflowStateStore,
} from "@awaitly/hitl";
import { createMemoryKV } from "./support/memory-kv";

const stores: Array<[string, () => WorkflowStateStore]> = [
  ["createMemoryWorkflowStateStore", () => createMemoryWorkflowStateStore()],
  ["createKVWorkflowStateStore", () => createKVWorkflowStateStore(createMemoryKV())],
];

const saved = (runId: string, over: Partial<SavedWorkflowState> = {}): SavedWorkflowState => ({
  runId,
  workflowName: "orders",
  resumeState: {
    steps: new Map([
      ["fetch", { result: ok({ id: 1 }) }],
      [
        "approve",
        { result: pendingApproval("approve"), meta: { origin: "result", resultCause: undefined } },
      ],
      ["fail", { result: err("BOOM") }],
    ]),
  },
  pendingApprovals: ["approve"],
  input: { orderId: "o1" },
  metadata: { tenant: "t1" },
  startedAt: 10,
  updatedAt: 0,
  ...over,
});

describe.each(stores)("%s", (_name, make) => {
  let store: WorkflowStateStore;
  beforeEach(() => {
    vi.useFakeTimers({ now: 5_000 });
    store = make();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves a copy stamped with updatedAt and loads it back with its Map", async () => {
    const state = saved("r1");
    await store.save(state);
    const loaded = await store.load("r1");
    expect(loaded?.updatedAt).toBe(5_000);
    expect(loaded?.resumeState.steps).toBeInstanceOf(Map);
    expect(loaded?.resumeState.steps.get("fetch")).toEqual({
      result: { ok: true, value: { id: 1 } },
    });
    expect(loaded?.resumeState.steps.get("approve")?.result).toEqual(pendingApproval("approve"));
    expect(loaded).toMatchObject({
      input: { orderId: "o1" },
      metadata: { tenant: "t1" },
      startedAt: 10,
    });
    expect(state.updatedAt).toBe(0);
  });

  it("returns undefined for unknown runs and after delete (delete of a missing run is fine)", async () => {
    expect(await store.load("missing")).toBeUndefined();
    await store.save(saved("r1"));
    await store.delete("r1");
    await store.delete("r1");
    expect(await store.load("r1")).toBeUndefined();
  });

  it("lists runs by workflow name and by whether they wait for approvals", async () => {
    await store.save(saved("r1", { startedAt: 1 }));
    await store.save(saved("r2", { startedAt: 2, workflowName: "refunds" }));
    await store.save(saved("r3", { startedAt: 3, pendingApprovals: [] }));
    expect(await store.list()).toEqual(["r1", "r2", "r3"]);
    expect(await store.list({ workflowName: "orders" })).toEqual(["r1", "r3"]);
    expect(await store.list({ workflowName: "" })).toEqual(["r1", "r2", "r3"]);
    expect(await store.list({ hasPendingApprovals: true })).toEqual(["r1", "r2"]);
    expect(await store.list({ hasPendingApprovals: false })).toEqual(["r3"]);
  });

  it("finds runs waiting for a given approval key", async () => {
    await store.save(saved("r1", { startedAt: 1, pendingApprovals: ["a", "b"] }));
    await store.save(saved("r2", { startedAt: 2, pendingApprovals: ["b"] }));
    expect(await store.findByPendingApproval("b")).toEqual(["r1", "r2"]);
    expect(await store.findByPendingApproval("a")).toEqual(["r1"]);
    expect(await store.findByPendingApproval("c")).toEqual([]);
  });

  it("is not changed through the objects it returns", async () => {
    await store.save(saved("r1"));
    const loaded = (await store.load("r1"))!;
    loaded.pendingApprovals.push("x");
    loaded.resumeState.steps.clear();
    const again = (await store.load("r1"))!;
    expect(again.pendingApprovals).toEqual(["approve"]);
    expect(again.resumeState.steps.size).toBe(3);
  });
});

describe("createKVWorkflowStateStore", () => {
  it("writes one JSON value per run under the prefix, with the TTL in seconds", async () => {
    const kv = createMemoryKV();
    const store = createKVWorkflowStateStore(kv, { prefix: "runs:", ttlSeconds: 3600 });
    await store.save(saved("r1"));
    expect([...kv.raw.keys()]).toEqual(["runs:r1"]);
    expect(kv.ttls.get("runs:r1")).toBe(3600);
    const json = JSON.parse(kv.raw.get("runs:r1")!) as { resumeState: { steps: unknown[] } };
    expect(json.resumeState.steps).toHaveLength(3);
  });

  it("keeps saved runs 30 days by default, and without a TTL with ttlSeconds 0", async () => {
    const kv = createMemoryKV();
    await createKVWorkflowStateStore(kv, { prefix: "d:" }).save(saved("r1"));
    expect(kv.ttls.get("d:r1")).toBe(2_592_000);
    await createKVWorkflowStateStore(kv, { prefix: "k:", ttlSeconds: 0 }).save(saved("r1"));
    expect(kv.raw.has("k:r1")).toBe(true);
    expect(kv.ttls.has("k:r1")).toBe(false);
  });

  it("refuses deep or huge state with a typed WorkflowStateSerializeError, not a RangeError", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const withValue = (value: unknown): ReturnType<typeof saved> => {
      const state = saved("big");
      state.resumeState.steps.set("v", { result: ok(value) });
      return state;
    };
    const store = createKVWorkflowStateStore(createMemoryKV());
    await expect(store.save(withValue(deep))).rejects.toMatchObject({
      name: "WorkflowStateSerializeError",
      reason: "too-deep",
      runId: "big",
    });
    const small = createKVWorkflowStateStore(createMemoryKV(), { maxStateBytes: 1000 });
    const refused = await small.save(withValue("x".repeat(2000))).catch((e: unknown) => e);
    expect(isWorkflowStateSerializeError(refused) && refused.reason).toBe("too-large");
    expect(() => createKVWorkflowStateStore(createMemoryKV(), { maxStateBytes: -1 })).toThrow(
      /maxStateBytes/,
    );
  });

  it("throws RangeError/TypeError naming the option for bad options", () => {
    expect(() => createKVWorkflowStateStore(createMemoryKV(), { ttlSeconds: -1 })).toThrow(
      /ttlSeconds.*-1/,
    );
    expect(() => createKVWorkflowStateStore(createMemoryKV(), { ttlSeconds: Number.NaN })).toThrow(
      RangeError,
    );
    expect(() => createKVWorkflowStateStore({} as never)).toThrow(TypeError);
  });
});
