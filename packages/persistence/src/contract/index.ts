import type { ContractTestApi } from "./api";
import { approvalStoreContract, type ApprovalStoreSubject } from "./approval-store";
import { checkpointerContract, type CheckpointerSubject } from "./checkpointer";
import { keyValueStoreContract, type KeyValueStoreSubject } from "./key-value-store";
import { lockContract, type ContractLease, type LockSubject } from "./lock";
import { stateStoreContract, type StateStoreSubject } from "./state-store";
import { stepCacheContract, type StepCacheSubject } from "./step-cache";

export type { ContractTestApi, ContractMatchers } from "./api";
export type { KeyValueStoreSubject } from "./key-value-store";
export type { StepCacheSubject, ContractStepCache } from "./step-cache";
export type { CheckpointerSubject, ContractCheckpointer } from "./checkpointer";
export type { LockSubject, ContractLock, ContractLease } from "./lock";
export type {
  ApprovalStoreSubject,
  ContractApprovalStore,
  ContractApprovalStatus,
} from "./approval-store";
export type { StateStoreSubject, ContractStateStore, ContractSavedState } from "./state-store";

/** What a store offers; the suite tests each part that is given. */
export interface PersistenceContractSubject<TLease extends ContractLease = ContractLease> {
  /** Names the `describe` block, e.g. `"PostgreSQL"`. */
  name: string;
  keyValueStore?: KeyValueStoreSubject | undefined;
  stepCache?: StepCacheSubject | undefined;
  checkpointer?: CheckpointerSubject<TLease> | undefined;
  lock?: LockSubject<TLease> | undefined;
  approvalStore?: ApprovalStoreSubject | undefined;
  stateStore?: StateStoreSubject | undefined;
}

/**
 * Registers the persistence contract for one store with your test runner: round-trips of every
 * serialisable Result, concurrent writers, fencing, expiry, listing, deletion, hostile keys and
 * values and size limits, for each part the store offers. Tests talk to the real store; each part's
 * `create()` must give an empty namespace of its own.
 * @example
 * import { describe, it, expect } from "vitest";
 * import { runPersistenceContract } from "@awaitly/persistence/contract";
 * runPersistenceContract({ describe, it, expect }, {
 *   name: "my store",
 *   keyValueStore: { create: () => createMyStore({ prefix: crypto.randomUUID() }) },
 * });
 */
export function runPersistenceContract<TLease extends ContractLease>(
  api: ContractTestApi,
  subject: PersistenceContractSubject<TLease>,
): void {
  api.describe(`persistence contract: ${subject.name}`, () => {
    if (subject.keyValueStore) keyValueStoreContract(api, subject.keyValueStore);
    if (subject.stepCache) stepCacheContract(api, subject.stepCache);
    if (subject.checkpointer) checkpointerContract(api, subject.checkpointer);
    if (subject.lock) lockContract(api, subject.lock);
    if (subject.approvalStore) approvalStoreContract(api, subject.approvalStore);
    if (subject.stateStore) stateStoreContract(api, subject.stateStore);
  });
}
