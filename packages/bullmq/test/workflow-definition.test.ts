import { err, ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue, createWorkflowWorker, defineWorkflow } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

type Order = { orderId: string; amount: number };
type Rejected = { type: "REJECTED"; reason: string };

// One definition per test (its body counts its calls); the queue and the worker are built from it.
function ordersDefinition() {
  const calls: string[] = [];
  const charge = async (amount: number): AsyncResult<string, { type: "DECLINED" }> =>
    amount === 13 ? err({ type: "DECLINED" }) : ok(`receipt-${amount}`);
  const definition = defineWorkflow({
    name: "orders",
    deps: { charge },
    errors: [] as Rejected[],
    body: async (step, deps, order: Order, run) => {
      calls.push(`${order.orderId}#${run.attempt}`);
      if (order.amount < 0) return err({ type: "NEGATIVE" as const, amount: order.amount });
      // Over budget on the first attempt only: retried when `retryOn` says so.
      if (order.amount > 100 && run.attempt === 1) {
        return err({ type: "OVER_BUDGET" as const });
      }
      if (order.amount === 50) await step(err({ type: "REJECTED", reason: "manual review" }));
      if (order.amount === 7) return ok("seven");
      return step(() => deps.charge(order.amount), { key: "charge" });
    },
  });
  return { definition, calls };
}

function start(
  definition: ReturnType<typeof ordersDefinition>["definition"],
  retryOn?: (error: { type: string }) => boolean,
) {
  const queue = ctx.track(
    createWorkflowQueue(definition, { connection: ctx.redis, prefix: ctx.prefix, backoffMs: 10 }),
  );
  ctx.track(
    createWorkflowWorker(definition, {
      connection: ctx.client(),
      checkpointer: ctx.checkpointer(),
      prefix: ctx.prefix,
      ...(retryOn === undefined ? {} : { retryOn }),
    }),
  );
  return queue;
}

describe("a workflow definition on BullMQ", () => {
  it("ends a run whose body returns err(...) with that error, once, without a retry", async () => {
    const { definition, calls } = ordersDefinition();
    const queue = start(definition);
    await queue.enqueue({ orderId: "neg", amount: -5 }, { runId: "neg" });
    expect(await queue.result("neg", { timeoutMs: 10_000 })).toStrictEqual(
      err({ type: "NEGATIVE", amount: -5 }),
    );
    expect(calls).toStrictEqual(["neg#1"]);
    const job = await queue.bullQueue.getJob("r_neg");
    expect(job?.attemptsMade).toBe(1);
    // Read again (from the stored outcome): the same Err, at once.
    expect(await queue.result("neg", { timeoutMs: 1 })).toStrictEqual(
      err({ type: "NEGATIVE", amount: -5 }),
    );
  });

  it("reports a returned err(...) to onEvent as a failed run, not a success", async () => {
    const { definition } = ordersDefinition();
    const events: string[] = [];
    const queue = ctx.track(
      createWorkflowQueue(definition, { connection: ctx.redis, prefix: ctx.prefix }),
    );
    ctx.track(
      createWorkflowWorker(definition, {
        connection: ctx.client(),
        checkpointer: ctx.checkpointer(),
        prefix: ctx.prefix,
        onEvent: (event) => events.push(event.type),
      }),
    );
    await queue.enqueue({ orderId: "neg", amount: -1 }, { runId: "neg" });
    expect(await queue.result("neg", { timeoutMs: 10_000 })).toStrictEqual(
      err({ type: "NEGATIVE", amount: -1 }),
    );
    expect(events).toContain("workflow_error");
    expect(events).not.toContain("workflow_success");
  });

  it("does not retry a returned error that retryOn does not name", async () => {
    const { definition, calls } = ordersDefinition();
    const queue = start(definition, (error) => error.type === "DECLINED");
    await queue.enqueue({ orderId: "big", amount: 500 }, { runId: "big" });
    expect(await queue.result("big", { timeoutMs: 10_000 })).toStrictEqual(
      err({ type: "OVER_BUDGET" }),
    );
    expect(calls).toStrictEqual(["big#1"]);
  });

  it("retries a returned error that retryOn names, resuming the run", async () => {
    const { definition, calls } = ordersDefinition();
    const queue = start(definition, (error) => error.type === "OVER_BUDGET");
    await queue.enqueue({ orderId: "big", amount: 500 }, { runId: "big" });
    expect(await queue.result("big", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-500"));
    expect(calls).toStrictEqual(["big#1", "big#2"]);
  });

  it("ends the run with a declared error exited through step", async () => {
    const { definition } = ordersDefinition();
    const queue = start(definition);
    await queue.enqueue({ orderId: "review", amount: 50 }, { runId: "review" });
    expect(await queue.result("review", { timeoutMs: 10_000 })).toStrictEqual(
      err({ type: "REJECTED", reason: "manual review" }),
    );
  });

  it("gives a returned ok(...) as the value, and a step's value as before", async () => {
    const { definition } = ordersDefinition();
    const queue = start(definition);
    await queue.enqueue({ orderId: "seven", amount: 7 }, { runId: "seven" });
    await queue.enqueue({ orderId: "ten", amount: 10 }, { runId: "ten" });
    expect(await queue.result("seven", { timeoutMs: 10_000 })).toStrictEqual(ok("seven"));
    expect(await queue.result("ten", { timeoutMs: 10_000 })).toStrictEqual(ok("receipt-10"));
  });

  it("gives the deps' errors as before", async () => {
    const { definition } = ordersDefinition();
    const queue = start(definition);
    await queue.enqueue({ orderId: "declined", amount: 13 }, { runId: "declined" });
    expect(await queue.result("declined", { timeoutMs: 10_000 })).toStrictEqual(
      err({ type: "DECLINED" }),
    );
  });

  it("also ends a run of the name form whose workflow returns err(...) with that error", async () => {
    const queue = ctx.queue<{ n: number }, number, { type: "ODD" }>("legacy");
    ctx.worker("legacy", {
      deps: {},
      workflow: async (_step, _deps, input: { n: number }) =>
        input.n % 2 === 1 ? err({ type: "ODD" as const }) : input.n,
    });
    await queue.enqueue({ n: 3 }, { runId: "odd" });
    await queue.enqueue({ n: 4 }, { runId: "even" });
    expect(await queue.result("odd", { timeoutMs: 10_000 })).toStrictEqual(err({ type: "ODD" }));
    expect(await queue.result("even", { timeoutMs: 10_000 })).toStrictEqual(ok(4));
  });

  it("refuses a definition without a name, deps or body, and worker options that repeat them", () => {
    expect(() => defineWorkflow({ name: "", deps: {}, body: () => 1 })).toThrow(
      /option "name" must be a non-empty string/,
    );
    expect(() => defineWorkflow({ name: "x", deps: null as never, body: () => 1 })).toThrow(
      /option "deps" must be an object/,
    );
    expect(() => defineWorkflow({ name: "x", deps: {}, body: 1 as never })).toThrow(
      /option "body" must be a function/,
    );
    expect(() =>
      defineWorkflow({ name: "x", deps: {}, body: () => 1, error: [] } as never),
    ).toThrow(/unknown option "error" \(did you mean "errors"\?\)/);
    const { definition } = ordersDefinition();
    expect(() =>
      createWorkflowWorker(definition, {
        connection: ctx.redis,
        checkpointer: ctx.checkpointer(),
        workflow: () => 1,
      } as never),
    ).toThrow(/option "workflow" is not taken with a workflow definition/);
  });
});
