import {
  createWorkflow,
  err,
  isWorkflowDriftError,
  ok,
  type AsyncResult,
  type CheckpointHooks,
  type RunStep,
} from "@awaitly/core";
import type { ContractTestApi } from "./api";
import type { CheckpointerSubject, ContractCheckpointer } from "./checkpointer";
import type { ContractLease } from "./lock";

const job = (key: string): AsyncResult<string, "E"> => Promise.resolve(ok(key));

// A body that asks for `keys` one after another, noting what actually ran.
const sequence = (keys: string[], ran: string[]) => async (step: RunStep<"E">) => {
  for (const key of keys) await step(() => (ran.push(key), job(key)), { key });
  return ran;
};

function hooksOf<TLease extends ContractLease>(
  checkpoints: ContractCheckpointer<TLease>,
  runId: string,
): CheckpointHooks {
  return (checkpoints.hooks as (runId: string) => CheckpointHooks)(runId);
}

/**
 * @internal The keyed-step order as a store keeps it: each entry's `order` survives the store,
 * and a run resumed from the store through its hooks reports drift and tolerates scheduling.
 */
export function checkpointOrderContract<TLease extends ContractLease>(
  t: ContractTestApi,
  subject: CheckpointerSubject<TLease>,
): void {
  const { it, expect } = t;
  const workflow = createWorkflow({ job });

  it("keeps each entry's order (where the body asked for the step), and entries without one", async () => {
    const checkpoints = await subject.create();
    await checkpoints.save("run", "a", { result: ok(1), order: 0 });
    await checkpoints.save("run", "b", { result: ok(2), order: 1 });
    await checkpoints.save("run", "legacy", { result: ok(3) });
    const { steps } = await checkpoints.load("run");
    expect([steps.get("a")?.order, steps.get("b")?.order]).toStrictEqual([0, 1]);
    expect(steps.get("legacy")?.order).toBe(undefined);
  });

  it("records through its hooks the order a run asked for its steps, and stops a drifted resume", async () => {
    const checkpoints = await subject.create();
    if (checkpoints.hooks === undefined) return;
    await workflow(sequence(["a", "b"], []), hooksOf(checkpoints, "order-run"));
    const { steps } = await checkpoints.load("order-run");
    expect([steps.get("a")?.order, steps.get("b")?.order]).toStrictEqual([0, 1]);

    const ran: string[] = [];
    const drifted = await workflow(
      sequence(["a", "x", "b"], ran),
      hooksOf(checkpoints, "order-run"),
    );
    const cause = drifted.ok ? undefined : drifted.cause;
    expect(isWorkflowDriftError(cause)).toBe(true);
    expect(cause).toMatchObject({ runId: "order-run", index: 1, recorded: "b", requested: "x" });
    expect(ran).toStrictEqual([]);

    const appended = await workflow(
      sequence(["a", "b", "c"], ran),
      hooksOf(checkpoints, "order-run"),
    );
    expect(appended).toStrictEqual(ok(["c"]));
  });

  it("resumes a parallel group whose steps finish in another order than they did", async () => {
    const checkpoints = await subject.create();
    if (checkpoints.hooks === undefined) return;
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const first = await workflow(
      async (step) => {
        // "a" finishes after "b" in the first run; "c" fails, so the resume runs it again.
        await Promise.all([
          step(() => slow.then(() => job("a")), { key: "a" }),
          step(() => job("b"), { key: "b" }).then(release),
        ]);
        return step(() => Promise.resolve(err("E" as const)), { key: "c" });
      },
      hooksOf(checkpoints, "group-run"),
    );
    expect(first.ok).toBe(false);

    const ran: string[] = [];
    const resumed = await workflow(
      async (step) => {
        await Promise.all([
          step(() => (ran.push("b"), job("b")), { key: "b" }),
          step(() => (ran.push("a"), job("a")), { key: "a" }),
        ]);
        return step(() => (ran.push("c"), job("c")), { key: "c" });
      },
      hooksOf(checkpoints, "group-run"),
    );
    expect(resumed).toStrictEqual(ok("c"));
    expect(ran).toStrictEqual(["c"]);
  });
}
