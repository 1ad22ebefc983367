import { err, ok } from "@awaitly/core";
import { createKVCache } from "@awaitly/persistence";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "./support/memory-store";

describe("createKVCache", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes compact JSON under the default prefix with set called with three arguments", async () => {
    const store = createMemoryStore();
    const cache = createKVCache({ store });
    await cache.setAsync("a", err("E"));
    expect(store.calls).toContainEqual([
      "set",
      "workflow:a",
      '{"ok":false,"error":"E"}',
      { ttl: 604_800 },
    ]);
    expect(cache.get("a")).toStrictEqual(err("E"));
  });

  it("writes entries with a 7-day TTL by default and none with ttl 0", async () => {
    const store = createMemoryStore();
    await createKVCache({ store, prefix: "d:" }).setAsync("a", ok(1));
    expect(store.calls.at(-1)).toStrictEqual([
      "set",
      "d:a",
      '{"ok":true,"value":1}',
      { ttl: 604_800 },
    ]);
    await createKVCache({ store, prefix: "k:", ttl: 0 }).setAsync("a", ok(1));
    expect(store.calls.at(-1)).toStrictEqual(["set", "k:a", '{"ok":true,"value":1}', undefined]);
  });

  it("forwards ttl in seconds to the store", async () => {
    const store = createMemoryStore();
    const cache = createKVCache({ store, prefix: "p:", ttl: 2 });
    await cache.setAsync("a", ok(1));
    expect(store.calls.at(-1)).toStrictEqual(["set", "p:a", '{"ok":true,"value":1}', { ttl: 2 }]);
    vi.advanceTimersByTime(2000);
    expect(await cache.hasAsync("a")).toBe(false);
  });

  it("reads back in a fresh cache and fills the mirror", async () => {
    const store = createMemoryStore();
    await createKVCache({ store }).setAsync("a", err("E", { cause: new Error("why") }));
    const fresh = createKVCache({ store });
    const restored = await fresh.getAsync("a");
    expect((restored as { cause: Error }).cause.message).toBe("why");
    expect(fresh.has("a")).toBe(true);
    expect(await fresh.getAsync("missing")).toBeUndefined();
  });

  it("returns undefined when the stored text is not a Result", async () => {
    const store = createMemoryStore();
    await store.set("workflow:x", "{bad");
    await store.set("workflow:y", "[1]");
    const cache = createKVCache({ store });
    expect(await cache.getAsync("x")).toBeUndefined();
    expect(await cache.getAsync("y")).toBeUndefined();
  });

  it("deletes from the mirror first and clears only its prefix", async () => {
    const store = createMemoryStore();
    const cache = createKVCache({ store, prefix: "c:" });
    await cache.setAsync("a", ok(1));
    await cache.setAsync("b", ok(2));
    await store.set("other:a", "x");
    expect(await cache.deleteAsync("a")).toBe(true);
    expect(cache.has("a")).toBe(false);
    await cache.clearAsync();
    expect([...store.data.keys()]).toStrictEqual(["other:a"]);
    expect(cache.has("b")).toBe(false);
  });

  it("throws for a missing store and a bad ttl", () => {
    expect(() => createKVCache({} as never)).toThrow(/option "store"/);
    expect(() => createKVCache({ store: createMemoryStore(), ttl: -1 })).toThrow(RangeError);
  });
});
