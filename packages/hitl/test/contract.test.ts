import { err, ok } from "@awaitly/core";
import {
  createKVApprovalStore,
  createKVWorkflowStateStore,
  createMemoryApprovalStore,
  createMemoryWorkflowStateStore,
} from "@awaitly/hitl";
import { runPersistenceContract } from "@awaitly/persistence/contract";
import { describe, expect, it } from "vitest";
import { createMemoryKV } from "./support/memory-kv";

runPersistenceContract(
  { describe, it, expect },
  {
    name: "memory",
    approvalStore: { create: () => createMemoryApprovalStore(), maxValueBytes: 64 * 1024 },
    stateStore: { create: () => createMemoryWorkflowStateStore() },
  },
);

runPersistenceContract(
  { describe, it, expect },
  {
    name: "KV stores over an in-memory KeyValueStore",
    approvalStore: {
      create: () => createKVApprovalStore(createMemoryKV()),
      maxValueBytes: 64 * 1024,
    },
    stateStore: { create: () => createKVWorkflowStateStore(createMemoryKV()) },
  },
);

describe("createKVWorkflowStateStore", () => {
  it("still reads runs saved before causes were encoded", async () => {
    const kv = createMemoryKV();
    const raw = {
      runId: "old",
      workflowName: "w",
      resumeState: {
        steps: [
          ["a", { result: ok(1) }],
          ["b", { result: err("E", { cause: { code: 1 } }) }],
        ],
      },
      pendingApprovals: [],
      startedAt: 1,
      updatedAt: 2,
    };
    await kv.set("awaitly:hitl-run:old", JSON.stringify(raw));
    const loaded = await createKVWorkflowStateStore(kv).load("old");
    expect(loaded?.resumeState.steps.get("a")?.result).toStrictEqual(ok(1));
    expect(loaded?.resumeState.steps.get("b")?.result).toStrictEqual(
      err("E", { cause: { code: 1 } }),
    );
  });
});
