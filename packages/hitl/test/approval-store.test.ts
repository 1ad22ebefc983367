import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createKVApprovalStore,
  createMemoryApprovalStore,
  isApprovalStateError,
  isApprovalValueError,
  DEFAULT_MAX_APPROVAL_VALUE_BYTES,
  type ApprovalValueError,
  type ApprovalStateError,
  type ApprovalStore,
} from "@awaitly/hitl";
import { createMemoryKV } from "./support/memory-kv";

const stores: Array<[string, () => ApprovalStore]> = [
  ["createMemoryApprovalStore", () => createMemoryApprovalStore()],
  ["createKVApprovalStore", () => createKVApprovalStore(createMemoryKV())],
];

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isApprovalStateError(error)).toBe(true);
  return error as ApprovalStateError;
};

describe.each([
  ["createMemoryApprovalStore", (max: number) => createMemoryApprovalStore({ maxValueBytes: max })],
  [
    "createKVApprovalStore",
    (max: number) => createKVApprovalStore(createMemoryKV(), { maxValueBytes: max }),
  ],
] as const)("%s maxValueBytes", (_name, make) => {
  it("applies a configured limit in UTF-8 bytes and rejects a bad one", async () => {
    const store = make(100);
    await store.createApproval("k");
    await expect(store.grantApproval("k", "é".repeat(60))).rejects.toMatchObject({
      reason: "too-large",
    });
    await store.grantApproval("k", "é".repeat(40));
    expect(() => make(0)).toThrow(/maxValueBytes/);
    expect(() => make(Number.NaN)).toThrow(RangeError);
  });
});

describe.each(stores)("%s", (_name, make) => {
  let store: ApprovalStore;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    store = make();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refuses an approved value over 64 KiB serialised with a typed ApprovalValueError", async () => {
    await store.createApproval("big");
    const refused = await store
      .grantApproval("big", { blob: "x".repeat(DEFAULT_MAX_APPROVAL_VALUE_BYTES) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isApprovalValueError(refused)).toBe(true);
    expect(refused).toMatchObject({
      name: "ApprovalValueError",
      reason: "too-large",
      key: "big",
      maxBytes: 65536,
    });
    expect((refused as ApprovalValueError).sizeBytes).toBeGreaterThan(65536);
    expect(await store.getApproval("big")).toMatchObject({ status: "pending" });
    await store.grantApproval("big", { blob: "x".repeat(60_000) });
    expect(await store.getApproval("big")).toMatchObject({ status: "approved" });
  });

  it("refuses a value JSON cannot encode as unserializable", async () => {
    await store.createApproval("n");
    await expect(store.grantApproval("n", { amount: 1n })).rejects.toMatchObject({
      type: "APPROVAL_VALUE_ERROR",
      reason: "unserializable",
    });
  });

  it("reports an unknown key as not_found, not pending", async () => {
    expect(await store.getApproval("nope")).toEqual({ status: "not_found" });
  });

  it("creates a pending request with metadata and expiry", async () => {
    await store.createApproval("k", { metadata: { runId: "r1" }, expiresAt: 2_000_000 });
    expect(await store.getApproval("k")).toMatchObject({
      status: "pending",
      metadata: { runId: "r1" },
      expiresAt: 2_000_000,
    });
  });

  it("reads a pending request as expired only once Date.now() is past expiresAt", async () => {
    await store.createApproval("k", { expiresAt: 1_000_500 });
    await vi.advanceTimersByTimeAsync(500);
    expect((await store.getApproval("k")).status).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(await store.getApproval("k")).toEqual({ status: "expired", expiredAt: 1_000_500 });
  });

  it("grants an open request with approver and time", async () => {
    await store.createApproval("k");
    await store.grantApproval("k", { amount: 5 }, { approvedBy: "ada" });
    expect(await store.getApproval("k")).toEqual({
      status: "approved",
      value: { amount: 5 },
      approvedBy: "ada",
      approvedAt: 1_000_000,
    });
  });

  it("rejects an open request with reason, rejecter and time", async () => {
    await store.createApproval("k");
    await store.rejectApproval("k", "too much", { rejectedBy: "bob" });
    expect(await store.getApproval("k")).toEqual({
      status: "rejected",
      reason: "too much",
      rejectedBy: "bob",
      rejectedAt: 1_000_000,
    });
  });

  it("refuses to decide an unknown key (NOT_FOUND) and creates nothing", async () => {
    const e = await refusal(store.grantApproval("ghost", 1));
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: "ApprovalStateError", code: "NOT_FOUND", key: "ghost" });
    expect((await refusal(store.rejectApproval("ghost", "no"))).code).toBe("NOT_FOUND");
    expect(await store.getApproval("ghost")).toEqual({ status: "not_found" });
  });

  it("refuses to decide an already decided key (ALREADY_DECIDED) and keeps the first decision", async () => {
    await store.createApproval("k");
    await store.rejectApproval("k", "no");
    const e = await refusal(store.grantApproval("k", 1));
    expect(e.code).toBe("ALREADY_DECIDED");
    expect(e.current).toMatchObject({ status: "rejected", reason: "no" });
    expect((await refusal(store.rejectApproval("k", "again"))).code).toBe("ALREADY_DECIDED");
    expect(await store.getApproval("k")).toMatchObject({ status: "rejected", reason: "no" });
  });

  it("refuses to decide an expired key (EXPIRED)", async () => {
    await store.createApproval("k", { expiresAt: 1_000_010 });
    await vi.advanceTimersByTimeAsync(11);
    expect((await refusal(store.grantApproval("k", 1))).code).toBe("EXPIRED");
    expect((await store.getApproval("k")).status).toBe("expired");
  });

  it("does not reset a decided request when it is created again", async () => {
    await store.createApproval("k");
    await store.grantApproval("k", "yes");
    await store.createApproval("k", { metadata: { again: true } });
    expect(await store.getApproval("k")).toMatchObject({ status: "approved", value: "yes" });
  });

  it("keeps an open request as is and reopens an expired one when created again", async () => {
    await store.createApproval("open", { metadata: { first: true }, expiresAt: 1_000_100 });
    await store.createApproval("open", { metadata: { second: true } });
    expect(await store.getApproval("open")).toMatchObject({ metadata: { first: true } });
    await vi.advanceTimersByTimeAsync(101);
    await store.createApproval("open", { metadata: { reopened: true }, expiresAt: 3_000_000 });
    expect(await store.getApproval("open")).toMatchObject({
      status: "pending",
      metadata: { reopened: true },
    });
  });

  it("cancels open or expired requests and refuses unknown or decided ones", async () => {
    await store.createApproval("a");
    await store.cancelApproval("a");
    expect(await store.getApproval("a")).toEqual({ status: "not_found" });
    await store.createApproval("b", { expiresAt: 1_000_001 });
    await vi.advanceTimersByTimeAsync(2);
    await store.cancelApproval("b");
    expect((await refusal(store.cancelApproval("b"))).code).toBe("NOT_FOUND");
    await store.createApproval("c");
    await store.grantApproval("c", 1);
    expect((await refusal(store.cancelApproval("c"))).code).toBe("ALREADY_DECIDED");
  });

  it("lists open requests only, filtered by prefix", async () => {
    await store.createApproval("order:1");
    await store.createApproval("order:2");
    await store.createApproval("refund:1");
    await store.createApproval("order:old", { expiresAt: 1_000_001 });
    await store.createApproval("order:3");
    await store.grantApproval("order:3", true);
    await vi.advanceTimersByTimeAsync(2);
    expect((await store.listPending()).sort()).toEqual(["order:1", "order:2", "refund:1"]);
    expect((await store.listPending({ prefix: "order:" })).sort()).toEqual(["order:1", "order:2"]);
    expect((await store.listPending({ prefix: "" })).length).toBe(3);
  });

  it("decides a key once when two grants race", async () => {
    await store.createApproval("k");
    const outcomes = await Promise.allSettled([
      store.grantApproval("k", "first", { approvedBy: "a" }),
      store.grantApproval("k", "second", { approvedBy: "b" }),
      store.rejectApproval("k", "third"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(
      refused.every((o) => isApprovalStateError(o.reason) && o.reason.code === "ALREADY_DECIDED"),
    ).toBe(true);
    expect(await store.getApproval("k")).toMatchObject({ status: "approved", value: "first" });
  });

  it("returns copies, so callers cannot change stored requests", async () => {
    await store.createApproval("k");
    const read = await store.getApproval("k");
    (read as { status: string }).status = "approved";
    expect((await store.getApproval("k")).status).toBe("pending");
  });
});

describe("createKVApprovalStore", () => {
  it("stores one JSON value per key under the prefix, so another process can read it", async () => {
    const kv = createMemoryKV();
    const writer = createKVApprovalStore(kv, { prefix: "app:approvals:" });
    await writer.createApproval("k", { metadata: { runId: "r" } });
    await writer.grantApproval("k", { amount: 3 }, { approvedBy: "ada" });
    expect([...kv.raw.keys()]).toEqual(["app:approvals:k"]);
    const reader = createKVApprovalStore(kv, { prefix: "app:approvals:" });
    expect(await reader.getApproval("k")).toMatchObject({
      status: "approved",
      value: { amount: 3 },
    });
  });

  it("lists keys correctly when the prefix contains glob characters", async () => {
    const kv = createMemoryKV();
    const store = createKVApprovalStore(kv, { prefix: "a*b?:" });
    await store.createApproval("x");
    await kv.set("aZZb!:y", JSON.stringify({ status: "pending" }));
    expect(await store.listPending()).toEqual(["x"]);
  });

  it("throws a TypeError naming the option for a bad kv or prefix", () => {
    expect(() => createKVApprovalStore(null as never)).toThrow(TypeError);
    expect(() => createKVApprovalStore(createMemoryKV(), { prefix: 1 as never })).toThrow(
      /prefix.*1/,
    );
  });
});

describe("createKVApprovalStore decidedTtlSeconds", () => {
  it("keeps pending requests without a TTL and decided ones for 7 days by default", async () => {
    const kv = createMemoryKV();
    const store = createKVApprovalStore(kv, { prefix: "a:" });
    await store.createApproval("k");
    expect(kv.ttls.get("a:k")).toBeUndefined();
    await store.grantApproval("k", 1);
    expect(kv.ttls.get("a:k")).toBe(604_800);
    await store.createApproval("r");
    await store.rejectApproval("r", "no");
    expect(kv.ttls.get("a:r")).toBe(604_800);
  });

  it("uses a configured TTL, keeps decisions with 0, and rejects a negative one", async () => {
    const kv = createMemoryKV();
    const store = createKVApprovalStore(kv, { decidedTtlSeconds: 60 });
    await store.createApproval("k");
    await store.grantApproval("k", 1);
    expect(kv.ttls.get("awaitly:approval:k")).toBe(60);
    const keep = createKVApprovalStore(kv, { prefix: "keep:", decidedTtlSeconds: 0 });
    await keep.createApproval("k");
    await keep.grantApproval("k", 1);
    expect(kv.ttls.get("keep:k")).toBeUndefined();
    expect(() => createKVApprovalStore(kv, { decidedTtlSeconds: -1 })).toThrow(RangeError);
  });
});
