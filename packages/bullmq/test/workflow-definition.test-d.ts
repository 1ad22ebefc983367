import {
  err,
  ok,
  type AsyncResult,
  type UnexpectedError,
  type WireEncodeError,
} from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  defineWorkflow,
  type Enqueued,
  type RedisUnavailableError,
  type RunCheckpointer,
  type RunConflictError,
  type RunError,
  type WorkflowDefinition,
  type WorkflowError,
  type WorkflowInput,
  type WorkflowRun,
  type WorkflowValue,
} from "@awaitly/bullmq";
import type { Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";

declare const connection: Redis;
declare const checkpointer: RunCheckpointer;
type Order = { orderId: string; amount: number };
type Declined = { type: "DECLINED" };
type OutOfStock = { type: "OUT_OF_STOCK" };
type Rejected = { type: "REJECTED"; reason: string };
const charge = async (amount: number): AsyncResult<string, Declined> =>
  amount > 0 ? ok("receipt") : err({ type: "DECLINED" });
const reserve = async (order: Order): AsyncResult<number, OutOfStock> => ok(order.amount);

const orders = defineWorkflow({
  name: "orders",
  deps: { charge, reserve },
  errors: [] as Rejected[],
  body: async (step, deps, order: Order, run) => {
    expectTypeOf(run).toEqualTypeOf<WorkflowRun>();
    if (order.amount > 1000) return err({ type: "TOO_BIG" as const, limit: 1000 });
    // A declared error exits through step as written: its literal `type` needs no `as const`.
    if (order.amount > 100) await step(err({ type: "REJECTED", reason: "review" }));
    // @ts-expect-error an undeclared error cannot exit through step
    await step(err({ type: "OTHER" as const }));
    await step(() => deps.reserve(order), { key: "reserve" });
    return step(() => deps.charge(order.amount), { key: "charge" });
  },
});
type TooBig = { type: "TOO_BIG"; limit: number };

const reports = defineWorkflow({
  name: "reports",
  deps: {},
  body: async (_step, _deps, day: Date) =>
    day.getTime() > 0 ? ok(day.getDay()) : err("NO_DAY" as const),
});

describe("defineWorkflow", () => {
  it("infers the input from the body, the value and the error union from deps, errors and returns", () => {
    expectTypeOf<WorkflowInput<typeof orders>>().toEqualTypeOf<Order>();
    expectTypeOf<WorkflowValue<typeof orders>>().toEqualTypeOf<string>();
    expectTypeOf<WorkflowError<typeof orders>>().toEqualTypeOf<
      Declined | OutOfStock | Rejected | TooBig
    >();
    expectTypeOf(orders).toEqualTypeOf<
      WorkflowDefinition<
        Order,
        string,
        Declined | OutOfStock | Rejected | TooBig,
        {
          readonly charge: typeof charge;
          readonly reserve: typeof reserve;
        }
      >
    >();
  });

  it("unwraps a returned ok(...) and takes a returned err(...) as an error, not a value", () => {
    expectTypeOf<WorkflowValue<typeof reports>>().toEqualTypeOf<number>();
    expectTypeOf<WorkflowError<typeof reports>>().toEqualTypeOf<"NO_DAY">();
  });

  it("has no errors for a body without deps that returns a plain value", () => {
    const plain = defineWorkflow({ name: "plain", deps: {}, body: (_s, _d, n: number) => n * 2 });
    expectTypeOf<WorkflowValue<typeof plain>>().toEqualTypeOf<number>();
    expectTypeOf<WorkflowError<typeof plain>>().toEqualTypeOf<never>();
  });
});

describe("createWorkflowQueue(definition)", () => {
  it("takes the definition's input and types result() with its value and error union", () => {
    const queue = createWorkflowQueue(orders, { connection });
    expectTypeOf(queue.enqueue({ orderId: "1", amount: 1 })).toEqualTypeOf<
      AsyncResult<Enqueued, RunConflictError | WireEncodeError | RedisUnavailableError>
    >();
    expectTypeOf(queue.result("order-1")).toEqualTypeOf<
      AsyncResult<
        string,
        | Declined
        | OutOfStock
        | Rejected
        | TooBig
        | UnexpectedError
        | RunError
        | RedisUnavailableError
      >
    >();
    // @ts-expect-error a queue of one definition cannot be given another's input
    void queue.enqueue(new Date());
    // @ts-expect-error nor a wrong shape of its own
    void queue.enqueue({ orderId: 1, amount: 1 });
    // @ts-expect-error nor schedule another's input
    void queue.schedule("nightly", { every: 1000 }, new Date());
  });

  it("cannot be typed against a definition by hand with other types", () => {
    // @ts-expect-error the definition's input is Order, not Date
    createWorkflowQueue<Date, string, never>(orders, { connection });
    // @ts-expect-error the definition's value is a string
    createWorkflowQueue<Order, number, WorkflowError<typeof orders>>(orders, { connection });
  });
});

describe("createWorkflowWorker(definition)", () => {
  it("runs the definition's body; retryOn sees the run's whole error union", () => {
    createWorkflowWorker(orders, {
      connection,
      checkpointer,
      retryOn: (error) => {
        expectTypeOf(error).toEqualTypeOf<Declined | OutOfStock | Rejected | TooBig>();
        return error.type === "OUT_OF_STOCK";
      },
    });
  });

  it("takes no deps or workflow of its own", () => {
    // @ts-expect-error the definition carries the deps
    createWorkflowWorker(orders, { connection, checkpointer, deps: { charge } });
  });
});
