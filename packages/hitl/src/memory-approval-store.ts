import type { ApprovalStore } from "./approval-store";
import { checkApprovalValue, maxValueBytesOption } from "./approval-value";
import {
  assertCancellable,
  assertOpen,
  createRecord,
  isOpen,
  readRecord,
  type ApprovalRecord,
} from "./internal/approval-record";
import { settle } from "./internal/settle";

/** Options of `createMemoryApprovalStore`. */
export interface MemoryApprovalStoreOptions {
  /** Largest approved `value`, in UTF-8 bytes of its JSON; larger values are refused with `ApprovalValueError`. Defaults to `65536`. */
  maxValueBytes?: number | undefined;
}

/**
 * An in-process `ApprovalStore` for development and tests (unbounded; lost on restart).
 * @example
 * const approvalStore = createMemoryApprovalStore();
 */
export function createMemoryApprovalStore(options: MemoryApprovalStoreOptions = {}): ApprovalStore {
  const maxValueBytes = maxValueBytesOption("createMemoryApprovalStore", options.maxValueBytes);
  const records = new Map<string, ApprovalRecord>();
  // Every mutation checks and writes synchronously, so two concurrent decisions cannot both win.
  return {
    getApproval: (key) => settle(() => readRecord(records.get(key), Date.now())),
    createApproval: (key, createOptions) =>
      settle(() => {
        const next = createRecord(records.get(key), createOptions, Date.now());
        if (next === undefined) return;
        records.delete(key);
        records.set(key, next);
      }),
    grantApproval: (key, value, grantOptions) =>
      settle(() => {
        const now = Date.now();
        assertOpen(key, records.get(key), now);
        checkApprovalValue(key, value, maxValueBytes);
        records.set(key, {
          status: "approved",
          value,
          approvedBy: grantOptions?.approvedBy,
          approvedAt: now,
        });
      }),
    rejectApproval: (key, reason, rejectOptions) =>
      settle(() => {
        const now = Date.now();
        assertOpen(key, records.get(key), now);
        records.set(key, {
          status: "rejected",
          reason,
          rejectedBy: rejectOptions?.rejectedBy,
          rejectedAt: now,
        });
      }),
    cancelApproval: (key) =>
      settle(() => {
        assertCancellable(key, records.get(key), Date.now());
        records.delete(key);
      }),
    listPending: (listOptions) =>
      settle(() => {
        const now = Date.now();
        const prefix = listOptions?.prefix;
        return [...records]
          .filter(([key, record]) => isOpen(record, now) && (!prefix || key.startsWith(prefix)))
          .map(([key]) => key);
      }),
  };
}
