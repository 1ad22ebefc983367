import type { ApprovalStore } from "./approval-store";
import {
  assertCancellable,
  assertOpen,
  createRecord,
  isOpen,
  readRecord,
  type ApprovalRecord,
} from "./internal/approval-record";

/**
 * An in-process `ApprovalStore` for development and tests (unbounded; lost on restart).
 * @example
 * const approvalStore = createMemoryApprovalStore();
 */
export function createMemoryApprovalStore(): ApprovalStore {
  const records = new Map<string, ApprovalRecord>();
  // Every mutation checks and writes synchronously, so two concurrent decisions cannot both win.
  return {
    getApproval: async (key) => readRecord(records.get(key), Date.now()),
    createApproval: async (key, options) => {
      const next = createRecord(records.get(key), options, Date.now());
      if (next === undefined) return;
      records.delete(key);
      records.set(key, next);
    },
    grantApproval: async (key, value, options) => {
      const now = Date.now();
      assertOpen(key, records.get(key), now);
      records.set(key, {
        status: "approved",
        value,
        approvedBy: options?.approvedBy,
        approvedAt: now,
      });
    },
    rejectApproval: async (key, reason, options) => {
      const now = Date.now();
      assertOpen(key, records.get(key), now);
      records.set(key, {
        status: "rejected",
        reason,
        rejectedBy: options?.rejectedBy,
        rejectedAt: now,
      });
    },
    cancelApproval: async (key) => {
      assertCancellable(key, records.get(key), Date.now());
      records.delete(key);
    },
    listPending: async (options) => {
      const now = Date.now();
      const prefix = options?.prefix;
      return [...records]
        .filter(([key, record]) => isOpen(record, now) && (!prefix || key.startsWith(prefix)))
        .map(([key]) => key);
    },
  };
}
