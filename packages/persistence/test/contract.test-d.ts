import type { KeyValueStore } from "@awaitly/core";
import {
  runPersistenceContract,
  type ContractLease,
  type PersistenceContractSubject,
} from "@awaitly/persistence/contract";
import { describe, expect, expectTypeOf, it } from "vitest";

declare const store: KeyValueStore;
type Lease = ContractLease & { readonly extra: number };

describe("runPersistenceContract types", () => {
  it("takes the runner's own describe/it/expect without casts", () => {
    runPersistenceContract(
      { describe, it, expect },
      { name: "s", keyValueStore: { create: () => store } },
    );
    // @ts-expect-error a subject needs a name
    runPersistenceContract({ describe, it, expect }, { keyValueStore: { create: () => store } });
  });

  it("carries the store's lease type from the lock to the checkpointer's fenced writes", () => {
    expectTypeOf<PersistenceContractSubject<Lease>["checkpointer"]>()
      .exclude<undefined>()
      .toHaveProperty("lock");
    const subject: PersistenceContractSubject<Lease> = {
      name: "s",
      checkpointer: {
        create: () => ({
          save: async () => {},
          saveFenced: async (_run, _step, _entry, lease) => {
            expectTypeOf(lease.extra).toEqualTypeOf<number>();
          },
          invalidate: async (_run, step) => {
            expectTypeOf(step).toEqualTypeOf<string>();
          },
          invalidateFenced: async (_run, _step, lease) => {
            expectTypeOf(lease.extra).toEqualTypeOf<number>();
          },
          load: async () => ({ steps: new Map() }),
          delete: async () => true,
          list: async () => [],
        }),
      },
    };
    expectTypeOf(subject.name).toEqualTypeOf<string>();
  });
});
