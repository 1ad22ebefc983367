import { describe, expect, it } from "vitest";
import { createEarlyExit, createWorkflow, err, ok } from "@awaitly/core";
import { createApprovalStep, isPendingApproval } from "@awaitly/hitl";
import { createSagaWorkflow, runSaga } from "@awaitly/saga";
import {
  createMockFn,
  createWorkflowHarness,
  errOutcome,
  okOutcome,
  type MockStep,
} from "@awaitly/testing";
import { charge, checkoutBody, fetchUser, type E } from "./fixtures";

describe("the harness next to real @awaitly/core workflows", () => {
  it("runs the same body as createWorkflow and agrees with it", async () => {
    const workflow = createWorkflow({ fetchUser, charge });
    const harness = createWorkflowHarness({ fetchUser, charge });
    expect(await harness.run(checkoutBody)).toEqual(await workflow(checkoutBody));

    const declined = createMockFn<string, "DECLINED">().returns(err("DECLINED"));
    const realDeclined = await createWorkflow({ fetchUser, charge: declined })(checkoutBody);
    harness.scriptStep("charge", errOutcome("DECLINED"));
    expect(await harness.run(checkoutBody)).toEqual(realDeclined);
  });

  it("treats a core early exit thrown through the body as a step error (1.0.0: unexpected)", async () => {
    const harness = createWorkflowHarness({ fetchUser });
    const result = await harness.run(async () => {
      throw createEarlyExit("FROM_CORE", { origin: "result" });
    });
    expect(result).toEqual(err("FROM_CORE"));
  });

  it("drives a saga body: a scripted failure rolls back the completed steps", async () => {
    const undone: string[] = [];
    const harness = createWorkflowHarness({ fetchUser, charge });
    harness.scriptStep("charge", errOutcome("DECLINED"));
    const sagaBody = async (step: MockStep<E>, deps: Parameters<typeof checkoutBody>[1]) =>
      runSaga<string, E>(async (saga) => {
        const user = await saga.step(
          async () => ok(await step(() => deps.fetchUser("u1"), "fetch user")),
          { name: "user", compensate: (u) => void undone.push(u.id) },
        );
        return saga.step(async () => ok(await step(() => deps.charge(user.id.length), "charge")));
      });
    // A failing mock step inside a saga step is the saga's step error, not an exception.
    expect(await harness.run(sagaBody)).toEqual(ok(err("DECLINED")));
    expect(undone).toEqual(["u1"]);
    expect(harness.assertSteps(["fetch user", "charge"]).passed).toBe(true);
  });

  it("scripts the deps of a createSagaWorkflow through mock functions", async () => {
    const reserve = createMockFn<string, "OUT_OF_STOCK">().returns(ok("r1"));
    const pay = createMockFn<string, "DECLINED">().returnsOnce(err("DECLINED")).returns(ok("p1"));
    const release = createMockFn<void, never>().returns(ok(undefined));
    const checkout = createSagaWorkflow({ reserve, pay });
    const body = () =>
      checkout(async (saga, deps) => {
        const r = await saga.step(() => deps.reserve(), {
          compensate: async (id) => void (await release(id)),
        });
        return [r, await saga.step(() => deps.pay(r))];
      });
    expect(await body()).toEqual(err("DECLINED"));
    expect(release.getCalls()).toEqual([["r1"]]);
    expect(await body()).toEqual(ok(["r1", "p1"]));
    expect(pay.getCalls()).toEqual([["r1"], ["r1"]]);
  });

  it("scripts a human-approval gate as pending, then approved", async () => {
    const gate = createApprovalStep<{ by: string }>({
      key: "approval:1",
      checkApproval: async () => ({ status: "pending" }),
    });
    const harness = createWorkflowHarness({ gate });
    const approvalBody = async (step: MockStep<unknown>, deps: { gate: typeof gate }) =>
      (await step(() => deps.gate(), "approval")).by;
    const pending = await harness.run(approvalBody);
    expect(!pending.ok && isPendingApproval(pending.error)).toBe(true);
    harness.scriptStep("approval", okOutcome({ by: "manager" }));
    expect(await harness.run(approvalBody)).toEqual(ok("manager"));
    expect(harness.getInvocations().map((i) => i.result?.ok)).toEqual([false, true]);
  });
});
