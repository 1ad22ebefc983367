import { hasType } from "@awaitly/core";
import { rejectionOf, type ContractTestApi } from "./api";
import { HOSTILE_KEYS } from "./fixtures";

/** An approval request's state as the suite reads it (the `status` field of `@awaitly/hitl`'s `ApprovalStatus`). */
export type ContractApprovalStatus = { status: string } & Record<string, unknown>;

/** An approval store as the suite sees it: `@awaitly/hitl`'s `ApprovalStore` shape. */
export interface ContractApprovalStore {
  getApproval(key: string): Promise<ContractApprovalStatus>;
  createApproval(
    key: string,
    options?: { metadata?: Record<string, unknown>; expiresAt?: number },
  ): Promise<void>;
  grantApproval(key: string, value: unknown, options?: { approvedBy?: string }): Promise<void>;
  rejectApproval(key: string, reason: string, options?: { rejectedBy?: string }): Promise<void>;
  cancelApproval(key: string): Promise<void>;
  listPending(options?: { prefix?: string }): Promise<string[]>;
}

/** How the suite gets an approval store to test. */
export interface ApprovalStoreSubject {
  /** A store over an empty namespace of its own. */
  create(): ContractApprovalStore | Promise<ContractApprovalStore>;
  /** The store's limit on an approval value's serialised size in bytes, when it has one. */
  maxValueBytes?: number | undefined;
}

const refusalCode = (error: unknown): unknown =>
  hasType(error, "APPROVAL_STATE_ERROR") ? (error as unknown as { code: unknown }).code : error;

/** @internal Registers the approval store contract. */
export function approvalStoreContract(t: ContractTestApi, subject: ApprovalStoreSubject): void {
  const { it, expect } = t;
  t.describe("approval store", () => {
    it("of 20 concurrent deciders exactly one wins; the others are refused as ALREADY_DECIDED", async () => {
      const approvals = await subject.create();
      for (let round = 0; round < 3; round++) {
        const key = `race:${round}`;
        await approvals.createApproval(key);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? approvals.grantApproval(key, { decider: i })
              : approvals.rejectApproval(key, `decider ${i}`),
          ),
        );
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === "rejected")
            expect(refusalCode(outcome.reason)).toBe("ALREADY_DECIDED");
        }
        expect(["approved", "rejected"]).toContain((await approvals.getApproval(key)).status);
      }
    });

    it("keeps decisions final: no second decision, no cancel, no reopening by create", async () => {
      const approvals = await subject.create();
      await approvals.createApproval("final", { metadata: { runId: "r1" } });
      expect(await approvals.getApproval("final")).toMatchObject({
        status: "pending",
        metadata: { runId: "r1" },
      });
      await approvals.grantApproval("final", { amount: 30 }, { approvedBy: "ana" });
      expect(refusalCode(await rejectionOf(approvals.rejectApproval("final", "late")))).toBe(
        "ALREADY_DECIDED",
      );
      expect(refusalCode(await rejectionOf(approvals.cancelApproval("final")))).toBe(
        "ALREADY_DECIDED",
      );
      await approvals.createApproval("final");
      expect(await approvals.getApproval("final")).toMatchObject({
        status: "approved",
        value: { amount: 30 },
        approvedBy: "ana",
      });
      expect(refusalCode(await rejectionOf(approvals.grantApproval("missing", 1)))).toBe(
        "NOT_FOUND",
      );
      expect(await approvals.getApproval("missing")).toStrictEqual({ status: "not_found" });
    });

    it("expires a request at expiresAt: reads expired, refuses decisions, leaves the pending list, reopens on create", async () => {
      const approvals = await subject.create();
      await approvals.createApproval("late", { expiresAt: Date.now() - 1 });
      expect((await approvals.getApproval("late")).status).toBe("expired");
      expect(refusalCode(await rejectionOf(approvals.grantApproval("late", 1)))).toBe("EXPIRED");
      expect(await approvals.listPending()).not.toContain("late");
      await approvals.createApproval("late", { expiresAt: Date.now() + 60_000 });
      expect((await approvals.getApproval("late")).status).toBe("pending");
    });

    it("lists pending requests by literal prefix and deletes them on cancel", async () => {
      const approvals = await subject.create();
      for (const key of ["refund:1", "refund:2", "refund%", "refund_x", "other"])
        await approvals.createApproval(key);
      await approvals.rejectApproval("refund:2", "no");
      expect((await approvals.listPending({ prefix: "refund:" })).sort()).toStrictEqual([
        "refund:1",
      ]);
      expect(await approvals.listPending({ prefix: "refund%" })).toStrictEqual(["refund%"]);
      expect(await approvals.listPending({ prefix: "refund_" })).toStrictEqual(["refund_x"]);
      await approvals.cancelApproval("refund:1");
      expect(await approvals.getApproval("refund:1")).toStrictEqual({ status: "not_found" });
      expect((await approvals.listPending()).sort()).toStrictEqual([
        "other",
        "refund%",
        "refund_x",
      ]);
    });

    it("keeps hostile keys apart and round-trips hostile values", async () => {
      const approvals = await subject.create();
      const value = {
        text: 'é🎉 "q" \\ \u0000 </script>',
        nested: [null, { __proto__: 1 }],
        n: -0.5,
      };
      for (const key of HOSTILE_KEYS) await approvals.createApproval(key);
      for (const [i, key] of HOSTILE_KEYS.entries())
        await approvals.grantApproval(key, { ...value, i });
      for (const [i, key] of HOSTILE_KEYS.entries()) {
        const status = await approvals.getApproval(key);
        expect(JSON.stringify(status.value)).toBe(JSON.stringify({ ...value, i }));
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    const max = subject.maxValueBytes;
    if (max !== undefined) {
      it("refuses a value over its size limit and leaves the request pending", async () => {
        const approvals = await subject.create();
        await approvals.createApproval("big");
        expect(
          await rejectionOf(approvals.grantApproval("big", "x".repeat(max + 1))),
        ).not.toBeUndefined();
        expect((await approvals.getApproval("big")).status).toBe("pending");
      });
    }
  });
}
