import { err, ok, type ResumeState, type ResumeStateEntry } from "@awaitly/core";
import {
  composeMigrations,
  createKeyRemoveMigration,
  createKeyRenameMigration,
  createValueTransformMigration,
  createVersionedState,
  createVersionedStateLoader,
  isMigrationError,
  isStateParseError,
  isVersionIncompatibleError,
  migrateState,
  parseVersionedState,
  stringifyVersionedState,
  type MigrationFn,
} from "@awaitly/persistence";
import { describe, expect, it } from "vitest";

const s = (entries: Array<[string, ResumeStateEntry]>): ResumeState => ({
  steps: new Map(entries),
});
const keys = (state: ResumeState): string[] => [...state.steps.keys()];

describe("isMigrationError / isVersionIncompatibleError", () => {
  it("checks only the type discriminant", () => {
    expect(isMigrationError({ type: "MIGRATION_ERROR" })).toBe(true);
    expect(isMigrationError(Object.assign([], { type: "MIGRATION_ERROR" }))).toBe(true);
    expect(isMigrationError(null)).toBe(false);
    expect(isVersionIncompatibleError({ type: "VERSION_INCOMPATIBLE" })).toBe(true);
    expect(isVersionIncompatibleError({ type: "MIGRATION_ERROR" })).toBe(false);
  });
});

describe("migrateState", () => {
  it("runs migrations one version at a time", async () => {
    const seen: number[] = [];
    const tag =
      (n: number): MigrationFn =>
      (state) => {
        seen.push(n);
        return { steps: new Map([...state.steps, [`v${n + 1}`, { result: ok(n) }]]) };
      };
    const result = await migrateState({ version: 1, state: s([]) }, 3, { 1: tag(1), 2: tag(2) });
    expect(seen).toStrictEqual([1, 2]);
    expect(result.ok && result.value.version).toBe(3);
    expect(result.ok && keys(result.value.state)).toStrictEqual(["v2", "v3"]);
  });

  it("returns the same ResumeState in a new wrapper when already at the target", async () => {
    const input = { version: 2, state: s([]) };
    const result = await migrateState(input, 2, {});
    expect(result.ok && result.value).not.toBe(input);
    expect(result.ok && result.value.state).toBe(input.state);
  });

  it("refuses to downgrade", async () => {
    expect(await migrateState({ version: 3, state: s([]) }, 2, {})).toStrictEqual(
      err({
        type: "VERSION_INCOMPATIBLE",
        stateVersion: 3,
        currentVersion: 2,
        reason: "State version is higher than current workflow version. Cannot downgrade.",
      }),
    );
  });

  it("reports a missing migration as VERSION_INCOMPATIBLE", async () => {
    const result = await migrateState({ version: 1, state: s([]) }, 3, { 1: (x) => x });
    expect(result).toStrictEqual(
      err({
        type: "VERSION_INCOMPATIBLE",
        stateVersion: 1,
        currentVersion: 3,
        reason: "No migration found for version 2 to 3",
      }),
    );
  });

  it("reports a throwing or rejecting migration as MIGRATION_ERROR with the cause as-is", async () => {
    const boom = new Error("boom");
    const sync = await migrateState({ version: 1, state: s([]) }, 2, {
      1: () => {
        throw boom;
      },
    });
    expect(sync).toStrictEqual(
      err({ type: "MIGRATION_ERROR", fromVersion: 1, toVersion: 2, cause: boom }),
    );
    const rejected = await migrateState({ version: 1, state: s([]) }, 3, {
      1: (x) => x,
      2: () => Promise.reject("nope"),
    });
    expect(rejected).toStrictEqual(
      err({ type: "MIGRATION_ERROR", fromVersion: 2, toVersion: 3, cause: "nope" }),
    );
  });
});

describe("createVersionedStateLoader", () => {
  const migrations = { 1: createKeyRenameMigration({ old: "new" }) };

  it("returns ok(undefined) when there is no saved state", async () => {
    expect(await createVersionedStateLoader({ version: 2 })(null)).toStrictEqual(ok(undefined));
  });

  it("returns the same state at the current version and migrates older ones", async () => {
    const load = createVersionedStateLoader({ version: 2, migrations });
    const current = s([]);
    expect(await load({ version: 2, state: current })).toStrictEqual(ok(current));
    const migrated = await load({ version: 1, state: s([["old", { result: ok(1) }]]) });
    expect(migrated.ok && keys(migrated.value as ResumeState)).toStrictEqual(["new"]);
  });

  it("rejects newer states with the strict or the downgrade reason", async () => {
    const strict = await createVersionedStateLoader({ version: 1 })({ version: 2, state: s([]) });
    expect(
      strict.ok === false && isVersionIncompatibleError(strict.error) && strict.error.reason,
    ).toBe("Saved state is from a newer workflow version");
    const lax = await createVersionedStateLoader({ version: 1, strictVersioning: false })({
      version: 2,
      state: s([]),
    });
    expect(lax.ok === false && isVersionIncompatibleError(lax.error) && lax.error.reason).toMatch(
      /Cannot downgrade/,
    );
  });

  it("throws TypeError when version is not a number", () => {
    expect(() => createVersionedStateLoader({ version: "2" as never })).toThrow(/"version"/);
  });
});

describe("stringifyVersionedState / parseVersionedState", () => {
  it("writes steps as raw pairs and reads them back in order", () => {
    const state = createVersionedState(
      s([
        ["10", { result: ok(1) }],
        ["b", { result: err("E", { cause: { code: 1 } }) }],
      ]),
      2,
    );
    const text = stringifyVersionedState(state);
    expect(text).toBe(
      '{"version":2,"state":{"steps":[["10",{"result":{"ok":true,"value":1}}],["b",{"result":{"ok":false,"error":"E","cause":{"code":1}}}]]}}',
    );
    const parsed = parseVersionedState(text);
    if (!parsed.ok || parsed.value === null) throw new Error("expected a parsed state");
    expect(parsed.value.version).toBe(2);
    expect(keys(parsed.value.state)).toStrictEqual(["10", "b"]);
  });

  // 1.0.0 wrote an Error cause as `{}`; values now go through core's wire codec.
  it("keeps Error causes and values JSON cannot carry, and still reads what 1.0.0 wrote", () => {
    const cause = new Error("x");
    cause.stack = "Error: x\n    at y";
    const text = stringifyVersionedState(
      createVersionedState(
        s([["b", { result: err("E", { cause }), meta: { origin: "result", resultCause: cause } }]]),
        2,
      ),
    );
    expect(text).toBe(
      '{"version":2,"state":{"steps":[["b",{"result":{"ok":false,"error":"E","cause":' +
        '{"$awaitly":1,"error":{"name":"Error","message":"x","stack":"Error: x\\n    at y"}}},' +
        '"meta":{"origin":"result","resultCause":{"$awaitly":1,"error":{"name":"Error","message":"x","stack":"Error: x\\n    at y"}}}}]]}}',
    );
    const parsed = parseVersionedState(text);
    const entry = parsed.ok ? parsed.value?.state.steps.get("b") : undefined;
    expect((entry?.result as { cause: Error }).cause).toBeInstanceOf(Error);
    expect((entry?.meta as { resultCause: Error }).resultCause.stack).toBe("Error: x\n    at y");
    const at = new Date(0);
    const rich = parseVersionedState(
      stringifyVersionedState(createVersionedState(s([["d", { result: ok({ at, n: 1n }) }]]), 1)),
    );
    expect(rich.ok && rich.value?.state.steps.get("d")?.result).toStrictEqual(ok({ at, n: 1n }));
    const old = parseVersionedState(
      '{"version":2,"state":{"steps":[["b",{"result":{"ok":false,"error":"E","cause":{}}}]]}}',
    );
    expect(old.ok && old.value?.state.steps.get("b")?.result).toStrictEqual(
      err("E", { cause: {} }),
    );
    expect(() =>
      stringifyVersionedState(createVersionedState(s([["f", { result: ok(() => 1) }]]), 1)),
    ).toThrow(expect.objectContaining({ path: 'state.steps.get("f").result.value' }));
  });

  it.each([null, undefined, ""])("returns ok(null) when nothing was saved (%s)", (input) => {
    expect(parseVersionedState(input)).toStrictEqual(ok(null));
  });

  it.each([
    ["{bad", "malformed-json", /not valid JSON/],
    ["null", "invalid-shape", /expected an object .* got null/],
    ["1", "invalid-shape", /expected an object .* got number/],
    ["[1]", "invalid-shape", /expected an object .* got an array/],
    [
      '{"version":"1","state":{"steps":[]}}',
      "invalid-shape",
      /"version" must be a finite number, got "1"/,
    ],
    ['{"version":1,"state":{}}', "invalid-shape", /"state.steps" must be an array/],
    [
      '{"version":1,"state":{"steps":[1]}}',
      "invalid-shape",
      /step #0 must be a \[key, entry\] pair/,
    ],
    [
      '{"version":1,"state":{"steps":[["a"]]}}',
      "invalid-shape",
      /step #0 must be a \[key, entry\] pair/,
    ],
    ['{"version":1,"state":{"steps":[["a",7]]}}', "invalid-shape", /step "a" must be an object/],
    [
      '{"version":1,"state":{"steps":[["a",{"result":"x"}]]}}',
      "invalid-shape",
      /step "a" needs "result"/,
    ],
    [
      '{"version":1,"state":{"steps":[["a",{"result":{"ok":true},"meta":1}]]}}',
      "invalid-shape",
      /step "a" has "meta"/,
    ],
    ['{"version":1,"entries":{}}', "invalid-shape", /"state.steps"/],
  ])("returns a StateParseError for %s", (input, reason, message) => {
    const parsed = parseVersionedState(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(isStateParseError(parsed.error)).toBe(true);
    expect(parsed.error.reason).toBe(reason);
    expect(parsed.error.message).toMatch(message);
  });

  it.each(["1", "[1]"])("says what is wrong with %s without blaming a version", (input) => {
    const parsed = parseVersionedState(input);
    expect(parsed.ok === false && parsed.error.message).toMatch(/expected an object/);
    expect(parsed.ok === false && parsed.error.message).not.toMatch(/unsupported|version \d/);
  });

  it("gives the loader's caller the parse error instead of a TypeError inside the workflow", async () => {
    const load = createVersionedStateLoader({ version: 1 });
    const garbage = load(parseVersionedState('{"version":1,"state":{"steps":[["a",null]]}}'));
    const result = await garbage;
    expect(result.ok === false && isStateParseError(result.error)).toBe(true);
    const good = await load(
      parseVersionedState(
        stringifyVersionedState(createVersionedState(s([["a", { result: ok(1) }]]), 1)),
      ),
    );
    expect(good.ok && good.value?.steps.get("a")?.result).toStrictEqual(ok(1));
    expect(await load(parseVersionedState(null))).toStrictEqual(ok(undefined));
  });
});

describe("migration builders", () => {
  const base = s([
    ["a", { result: ok(1) }],
    ["b", { result: ok(2) }],
    ["constructor", { result: ok(3) }],
    ["toString", { result: ok(4) }],
    ["__proto__", { result: ok(5) }],
  ]);

  it("renames keys in one pass and ignores inherited Object members", () => {
    const out = createKeyRenameMigration({ a: "b", b: "c" })(base) as ResumeState;
    expect(keys(out)).toStrictEqual(["b", "c", "constructor", "toString", "__proto__"]);
    expect(out.steps.get("b")?.result).toStrictEqual(ok(1));
    expect(base.steps.has("a")).toBe(true);
  });

  it("removes listed keys, fixed at creation", () => {
    const list = ["a"];
    const migrate = createKeyRemoveMigration(list);
    list.push("b");
    expect(keys(migrate(base) as ResumeState)).toStrictEqual([
      "b",
      "constructor",
      "toString",
      "__proto__",
    ]);
  });

  it("transforms only own transform keys, never inherited built-ins", () => {
    const out = createValueTransformMigration({ a: () => ({ result: ok("A") }) })(
      base,
    ) as ResumeState;
    expect(out.steps.get("a")?.result).toStrictEqual(ok("A"));
    expect(out.steps.get("toString")?.result).toStrictEqual(ok(4));
    expect(out.steps.get("constructor")?.result).toStrictEqual(ok(3));
  });

  it("composes migrations in order and resolves the input for an empty list", async () => {
    const composed = composeMigrations([
      createKeyRenameMigration({ a: "x" }),
      async (state) => createKeyRemoveMigration(["b"])(state),
    ]);
    expect(keys(await composed(base))[0]).toBe("x");
    expect(await composeMigrations([])(base)).toBe(base);
    const failing = await migrateState({ version: 1, state: base }, 2, {
      1: composeMigrations([
        () => {
          throw new Error("inner");
        },
      ]),
    });
    expect(isMigrationError(failing.ok ? undefined : failing.error)).toBe(true);
  });
});
