import type { KeyValueStore, Result, ResumeState, StepCache } from "@awaitly/core";
import {
  createFileCache,
  createKVCache,
  createMemoryCache,
  createVersionedStateLoader,
  migrateState,
  parseVersionedState,
  type FileCache,
  type KVCache,
  type MigrationError,
  type VersionIncompatibleError,
  type VersionedState,
  type StateParseError,
} from "@awaitly/persistence";
import { describe, expectTypeOf, it } from "vitest";

declare const store: KeyValueStore;
declare const state: ResumeState;

describe("types", () => {
  it("caches are StepCaches with async extras", () => {
    expectTypeOf(createMemoryCache()).toEqualTypeOf<StepCache>();
    expectTypeOf(createKVCache({ store })).toEqualTypeOf<KVCache>();
    expectTypeOf(createKVCache({ store }).getAsync("k")).toEqualTypeOf<
      Promise<Result<unknown, unknown, unknown> | undefined>
    >();
    // @ts-expect-error the KV cache needs a store
    createKVCache({});
    expectTypeOf<FileCache>().toMatchTypeOf<StepCache>();
    // @ts-expect-error directory is required
    createFileCache({});
  });

  it("migration results carry exactly the two versioning errors", () => {
    expectTypeOf(migrateState({ version: 1, state }, 2, {})).toEqualTypeOf<
      Promise<Result<VersionedState, MigrationError | VersionIncompatibleError>>
    >();
    const load = createVersionedStateLoader({ version: 1 });
    expectTypeOf(load).returns.resolves.toEqualTypeOf<
      Result<ResumeState | undefined, MigrationError | VersionIncompatibleError | StateParseError>
    >();
    expectTypeOf(parseVersionedState("")).toEqualTypeOf<
      Result<VersionedState | null, StateParseError>
    >();
    // @ts-expect-error version must be a number
    createVersionedStateLoader({ version: "1" });
  });
});
