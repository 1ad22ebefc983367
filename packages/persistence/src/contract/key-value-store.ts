import type { KeyValueStore } from "@awaitly/core";
import { eventually, rejectionOf, type ContractTestApi } from "./api";
import { HOSTILE_KEYS, HOSTILE_VALUES } from "./fixtures";

/** How the suite gets a `KeyValueStore` to test. */
export interface KeyValueStoreSubject {
  /** A store over an empty namespace of its own (a fresh prefix or schema per call). */
  create(): KeyValueStore | Promise<KeyValueStore>;
  /** The store's value size limit in UTF-8 bytes, when it has one. */
  maxValueBytes?: number | undefined;
  /** Whether `set` honours `ttl`. Defaults to `true`. */
  ttl?: boolean | undefined;
}

/** @internal Registers the `KeyValueStore` contract. */
export function keyValueStoreContract(t: ContractTestApi, subject: KeyValueStoreSubject): void {
  const { it, expect } = t;
  t.describe("KeyValueStore", () => {
    it("round-trips hostile values exactly", async () => {
      const store = await subject.create();
      for (const [i, value] of HOSTILE_VALUES.entries()) await store.set(`v${i}`, value);
      for (const [i, value] of HOSTILE_VALUES.entries())
        expect(await store.get(`v${i}`)).toBe(value);
    });

    it("keeps hostile keys apart and lists them literally", async () => {
      const store = await subject.create();
      for (const [i, key] of HOSTILE_KEYS.entries()) await store.set(key, `value ${i}`);
      for (const [i, key] of HOSTILE_KEYS.entries())
        expect(await store.get(key)).toBe(`value ${i}`);
      expect([...(await store.keys())].sort()).toStrictEqual([...HOSTILE_KEYS].sort());
      // Only * and ? are wildcards: brackets, % and _ and backslashes match themselves.
      expect(await store.keys("[abc]")).toStrictEqual(["[abc]"]);
      expect(await store.keys("%_")).toStrictEqual(["%_"]);
      expect(await store.keys("\\")).toStrictEqual(["\\"]);
      expect([...(await store.keys("a:*"))]).toStrictEqual(["a:b:c"]);
      expect((await store.keys("?")).sort()).toStrictEqual(["*", "?", "\\"].sort());
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("refuses keys and values with a lone UTF-16 surrogate, storing nothing (they would alias)", async () => {
      const store = await subject.create();
      const refusal = async (promise: Promise<unknown>): Promise<string> => {
        const error = await rejectionOf(promise);
        return error instanceof TypeError && /surrogate/.test(error.message)
          ? "TypeError naming the surrogate"
          : `not refused as expected: ${String(error)}`;
      };
      const expected = "TypeError naming the surrogate";
      for (const key of ["user:\uDBFF", "user:\uD800", "order-\uD83D", "\uDE00-tail"]) {
        const answers = {
          set: await refusal(store.set(key, "v")),
          get: await refusal(store.get(key)),
          exists: await refusal(store.exists(key)),
          delete: await refusal(store.delete(key)),
        };
        expect({ key, answers }).toStrictEqual({
          key,
          answers: { set: expected, get: expected, exists: expected, delete: expected },
        });
      }
      expect(await refusal(store.set("ok", "half \uD83D"))).toBe(expected);
      // Well-formed text, astral characters included, is kept exactly.
      await store.set("order-\uD83D\uDE00", "emoji \uD83D\uDE00");
      expect(await store.get("order-\uD83D\uDE00")).toBe("emoji \uD83D\uDE00");
      expect(await store.keys()).toStrictEqual(["order-\uD83D\uDE00"]);
    });

    it("deletes: resolves whether a key was removed, and the key is gone", async () => {
      const store = await subject.create();
      await store.set("gone", "1");
      await store.set("kept", "2");
      expect(await store.delete("gone")).toBe(true);
      expect(await store.delete("gone")).toBe(false);
      expect(await store.get("gone")).toBeNull();
      expect(await store.exists("gone")).toBe(false);
      expect(await store.exists("kept")).toBe(true);
      expect(await store.keys()).toStrictEqual(["kept"]);
    });

    it("keeps every one of 50 concurrent writers' keys, and one of the values written to a shared key", async () => {
      const store = await subject.create();
      const writes = Array.from({ length: 50 }, (_, i) => i);
      await Promise.all(
        writes.flatMap((i) => [store.set(`w${i}`, `${i}`), store.set("shared", `${i}`)]),
      );
      for (const i of writes) expect(await store.get(`w${i}`)).toBe(`${i}`);
      expect(writes.map(String)).toContain(await store.get("shared"));
      expect(await store.keys("w*")).toHaveLength(50);
    });

    if (subject.ttl !== false) {
      it("expires a key after its ttl (seconds); a later set without ttl keeps it", async () => {
        const store = await subject.create();
        await store.set("short", "1", { ttl: 0.2 });
        await store.set("renewed", "1", { ttl: 0.2 });
        await store.set("renewed", "2");
        await store.set("forever", "1");
        expect(await store.get("short")).toBe("1");
        const gone = await eventually(async () => (await store.get("short")) === null, 3_000);
        expect(gone).toBe(true);
        expect(await store.exists("short")).toBe(false);
        expect(await store.keys()).not.toContain("short");
        expect(await store.get("renewed")).toBe("2");
        expect(await store.get("forever")).toBe("1");
      });
    }

    const max = subject.maxValueBytes;
    if (max !== undefined) {
      it("refuses a value over its size limit and stores nothing; one at the limit is kept", async () => {
        const store = await subject.create();
        expect(await rejectionOf(store.set("big", "x".repeat(max + 1)))).not.toBeUndefined();
        expect(await store.get("big")).toBeNull();
        await store.set("edge", "x".repeat(max));
        expect(await store.get("edge")).toHaveLength(max);
      });
    }
  });
}
