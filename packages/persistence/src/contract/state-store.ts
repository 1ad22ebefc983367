import type { SavedWorkflowState, WorkflowStateStore } from "@awaitly/core";
import { type ContractTestApi } from "./api";
import { ENTRIES, HOSTILE_KEYS, sameEntry } from "./fixtures";

/** A saved paused run as the suite writes it: core's `SavedWorkflowState`. */
export type ContractSavedState = SavedWorkflowState;

/** A workflow state store as the suite sees it: core's `WorkflowStateStore`. */
export type ContractStateStore = WorkflowStateStore;

/** How the suite gets a state store to test. */
export interface StateStoreSubject {
  /** A store over an empty namespace of its own. */
  create(): ContractStateStore | Promise<ContractStateStore>;
}

const saved = (runId: string, overrides: Partial<ContractSavedState> = {}): ContractSavedState => ({
  runId,
  workflowName: "refund",
  resumeState: { steps: new Map() },
  pendingApprovals: [],
  startedAt: 1,
  updatedAt: 2,
  ...overrides,
});

/** @internal Registers the workflow state store contract. */
export function stateStoreContract(t: ContractTestApi, subject: StateStoreSubject): void {
  const { it, expect } = t;
  t.describe("workflow state store", () => {
    it("round-trips a run whose steps hold every serialisable Result (typed errors and causes survive)", async () => {
      const states = await subject.create();
      await states.save(
        saved("run-1", {
          resumeState: { steps: new Map(ENTRIES) },
          input: { orderId: "o-1", lines: [1, 2] },
          metadata: { tenant: "t" },
          pendingApprovals: ["approve:1"],
        }),
      );
      const loaded = await states.load("run-1");
      expect(loaded?.workflowName).toBe("refund");
      expect(loaded?.input).toStrictEqual({ orderId: "o-1", lines: [1, 2] });
      expect(loaded?.pendingApprovals).toStrictEqual(["approve:1"]);
      for (const [key, entry] of ENTRIES) {
        expect({
          key,
          problem: sameEntry(loaded?.resumeState.steps.get(key), entry),
        }).toStrictEqual({
          key,
          problem: undefined,
        });
      }
    });

    it("lists by workflow and pending approvals, finds runs by approval key, deletes", async () => {
      const states = await subject.create();
      await states.save(saved("a", { pendingApprovals: ["k1"] }));
      await states.save(saved("b", { workflowName: "other", pendingApprovals: ["k1", "k2"] }));
      await states.save(saved("c"));
      expect((await states.list()).sort()).toStrictEqual(["a", "b", "c"]);
      expect(await states.list({ workflowName: "other" })).toStrictEqual(["b"]);
      expect((await states.list({ hasPendingApprovals: false })).sort()).toStrictEqual(["c"]);
      expect((await states.findByPendingApproval("k1")).sort()).toStrictEqual(["a", "b"]);
      await states.delete("a");
      expect(await states.load("a")).toBeUndefined();
      expect(await states.findByPendingApproval("k1")).toStrictEqual(["b"]);
    });

    it("keeps hostile run ids apart and saves 20 runs concurrently", async () => {
      const states = await subject.create();
      await Promise.all(
        HOSTILE_KEYS.map((runId, i) => states.save(saved(runId, { startedAt: i }))),
      );
      for (const [i, runId] of HOSTILE_KEYS.entries())
        expect((await states.load(runId))?.startedAt).toBe(i);
      expect((await states.list()).sort()).toStrictEqual([...HOSTILE_KEYS].sort());
    });
  });
}
