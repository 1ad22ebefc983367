import { ok } from "@awaitly/core";
import { createMemoryCache } from "@awaitly/persistence";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

describe("createMemoryCache", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("returns stored results by reference when set", () => {
    const cache = createMemoryCache();
    const result = ok({ id: 1 });
    cache.set("a", result);
    expect(cache.get("a")).toBe(result);
    expect(cache.has("a")).toBe(true);
    expect(cache.get("missing")).toBeUndefined();
  });

  it("evicts the least recently read entry when full (reads count as use)", () => {
    const cache = createMemoryCache({ maxSize: 2 });
    cache.set("a", ok(1));
    vi.advanceTimersByTime(1);
    cache.set("b", ok(2));
    expect(cache.get("a")).toStrictEqual(ok(1));
    cache.set("c", ok(3));
    expect(cache.has("a")).toBe(true);
    expect(cache.has("b")).toBe(false);
    expect(cache.has("c")).toBe(true);
  });

  it("counts has() as use when choosing what to evict", () => {
    const cache = createMemoryCache({ maxSize: 2 });
    cache.set("a", ok(1));
    cache.set("b", ok(2));
    cache.has("a");
    cache.set("c", ok(3));
    expect([cache.has("a"), cache.has("b")]).toStrictEqual([true, false]);
  });

  it("keeps every entry when overwriting a key in a full cache", () => {
    const cache = createMemoryCache({ maxSize: 2 });
    cache.set("a", ok(1));
    cache.set("b", ok(2));
    cache.set("a", ok(10));
    expect(cache.get("a")).toStrictEqual(ok(10));
    expect(cache.has("b")).toBe(true);
  });

  it("evicts an entry whose key is the empty string", () => {
    const cache = createMemoryCache({ maxSize: 1 });
    cache.set("", ok(1));
    cache.set("x", ok(2));
    cache.set("y", ok(3));
    expect([cache.has(""), cache.has("x"), cache.has("y")]).toStrictEqual([false, false, true]);
  });

  it("expires entries strictly after ttl ms from their last set", () => {
    const cache = createMemoryCache({ ttl: 100 });
    cache.set("a", ok(1));
    vi.advanceTimersByTime(100);
    expect(cache.get("a")).toStrictEqual(ok(1));
    vi.advanceTimersByTime(1);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.has("a")).toBe(false);
  });

  it("evicts expired entries before live ones when full", () => {
    const cache = createMemoryCache({ maxSize: 2, ttl: 100 });
    cache.set("old", ok(1));
    vi.advanceTimersByTime(60);
    cache.set("live", ok(2));
    cache.get("old");
    vi.advanceTimersByTime(50);
    cache.set("new", ok(3));
    expect([cache.has("live"), cache.has("new"), cache.has("old")]).toStrictEqual([
      true,
      true,
      false,
    ]);
  });

  it("treats 0 as unbounded and no expiry", () => {
    const cache = createMemoryCache({ maxSize: 0, ttl: 0 });
    for (let i = 0; i < 100; i++) cache.set(String(i), ok(i));
    vi.advanceTimersByTime(1e9);
    expect(cache.has("0")).toBe(true);
  });

  it("deletes and clears", () => {
    const cache = createMemoryCache();
    cache.set("a", ok(1));
    expect(cache.delete("a")).toBe(true);
    expect(cache.delete("a")).toBe(false);
    cache.set("b", ok(1));
    cache.clear();
    expect(cache.has("b")).toBe(false);
  });

  it.each([
    [{ maxSize: -1 }, /maxSize.*-1/],
    [{ maxSize: 1.5 }, /maxSize.*1\.5/],
    [{ ttl: Number.NaN }, /ttl.*NaN/],
    [{ ttl: -5 }, /ttl.*-5/],
  ])("throws RangeError naming the option when given %o", (options, message) => {
    expect(() => createMemoryCache(options)).toThrow(RangeError);
    expect(() => createMemoryCache(options)).toThrow(message);
  });
});
