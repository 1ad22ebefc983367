import { createStepCollector, createWorkflow, err, ok, type ResumeState } from "@awaitly/core";
import {
  createHydratingCache,
  createMemoryCache,
  createStatePersistence,
  stringifyState,
} from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "./support/memory-store";

const state: ResumeState = {
  steps: new Map([
    ["a", { result: ok(1) }],
    ["b", { result: err("E", { cause: new Error("c") }), meta: { origin: "result" as const } }],
  ]),
};

describe("createStatePersistence", () => {
  it("saves stringifyState text under the default prefix with a 7-day TTL", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store);
    await states.save("r1", state, { who: "me" });
    expect(store.calls[0]).toStrictEqual([
      "set",
      "workflow:state:r1",
      stringifyState(state, { who: "me" }),
      { ttl: 604_800 },
    ]);
  });

  it("saves without a TTL when ttl is 0, and refuses state over maxBytes with a typed error", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store, "s:", { ttl: 0, maxBytes: 50 });
    await states.save("r1", { steps: new Map() });
    expect(store.calls[0]).toStrictEqual(["set", "s:r1", stringifyState({ steps: new Map() })]);
    await expect(states.save("r2", state)).rejects.toMatchObject({ type: "STATE_SERIALIZE_ERROR" });
    expect(() => createStatePersistence(store, "s:", { ttl: -1 })).toThrow(/"ttl"/);
  });

  it("loads the state back and lists run ids", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store, "s:");
    await states.save("r1", state);
    await states.save("r2", { steps: new Map() });
    const loaded = await states.load("r1");
    expect(loaded?.steps.get("a")?.result).toStrictEqual(ok(1));
    expect((loaded?.steps.get("b")?.result as { cause: Error }).cause.message).toBe("c");
    expect((await states.list()).sort()).toStrictEqual(["r1", "r2"]);
    expect(await states.delete("r1")).toBe(true);
    expect(await states.load("r1")).toBeUndefined();
  });

  it("returns undefined when the stored text is malformed or from an unknown format version", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store, "s:");
    await store.set("s:bad", "{oops");
    await store.set("s:v9", '{"version":9,"entries":{}}');
    expect(await states.load("bad")).toBeUndefined();
    expect(await states.load("v9")).toBeUndefined();
  });

  it("resumes a workflow from saved steps without re-running them", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store);
    const calls: string[] = [];
    const fetchUser = async (id: string) => {
      calls.push(id);
      return ok({ id });
    };
    const collector = createStepCollector();
    const first = createWorkflow({ fetchUser }, { onEvent: collector.handleEvent });
    await first(async (step, deps) => step(() => deps.fetchUser("1"), { key: "user:1" }));
    await states.save("run", collector.getState());

    const loaded = await states.load("run");
    const second = createWorkflow(
      { fetchUser },
      { resumeState: () => loaded ?? { steps: new Map() } },
    );
    const result = await second(async (step, deps) =>
      step(() => deps.fetchUser("1"), { key: "user:1" }),
    );
    expect(result).toStrictEqual(ok({ id: "1" }));
    expect(calls).toStrictEqual(["1"]);
  });
});

describe("createHydratingCache", () => {
  it("fills the wrapped cache once on hydrate and delegates the rest", async () => {
    const store = createMemoryStore();
    const states = createStatePersistence(store);
    await states.save("r", state);
    const inner = createMemoryCache();
    const cache = createHydratingCache(inner, states, "r");
    expect(cache.has("a")).toBe(false);
    await cache.hydrate();
    expect(inner.get("a")).toStrictEqual(ok(1));
    inner.delete("a");
    await cache.hydrate();
    expect(cache.has("a")).toBe(false);
    cache.set("z", ok(0));
    expect(inner.get("z")).toStrictEqual(ok(0));
  });

  it("retries load on the next hydrate when load rejects", async () => {
    let fail = true;
    const states = {
      save: async () => {},
      load: async () => {
        if (fail) throw new Error("down");
        return state;
      },
      delete: async () => false,
      list: async () => [],
    };
    const cache = createHydratingCache(createMemoryCache(), states, "r");
    await expect(cache.hydrate()).rejects.toThrow("down");
    fail = false;
    await cache.hydrate();
    expect(cache.get("a")).toStrictEqual(ok(1));
  });
});
