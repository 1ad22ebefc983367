import {
  ok,
  err,
  type AsyncResult,
  type Result,
  type UnexpectedError,
  type WireEncodeError,
} from "@awaitly/core";
import { createRunTracing } from "@awaitly/otel";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  type Enqueued,
  type RedisUnavailableError,
  type RunConflictError,
  type RunError,
  type RunCheckpointer,
  type RunTracing,
  type SignalPayloadError,
  type RunNotFoundError,
  type RunFinishedError,
  type SignalNotAwaitedError,
  type Cancelled,
  type StandardSchemaV1,
  type WorkflowRun,
} from "@awaitly/bullmq";
import type { createRedisCheckpointer } from "@awaitly/persistence-redis";
import type { Cluster, Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";

declare const connection: Redis;
declare const checkpointer: RunCheckpointer;
declare const cluster: Cluster;
// A schema that turns `{ approved: boolean }` into `{ approved: boolean; at: Date }`.
declare const approval: StandardSchemaV1<{ approved: boolean }, { approved: boolean; at: Date }>;
type Declined = { type: "DECLINED" };
type OutOfStock = { type: "OUT_OF_STOCK" };
const charge = async (n: number): AsyncResult<string, Declined> =>
  n > 0 ? ok("r") : err({ type: "DECLINED" });
const reserve = async (n: number): AsyncResult<number, OutOfStock> => ok(n);

describe("createWorkflowQueue", () => {
  it("types enqueue and result from the queue's parameters", () => {
    const queue = createWorkflowQueue<{ amount: number }, string, Declined>("orders", {
      connection,
    });
    expectTypeOf(queue.enqueue({ amount: 1 })).toEqualTypeOf<
      AsyncResult<Enqueued, RunConflictError | WireEncodeError | RedisUnavailableError>
    >();
    expectTypeOf(queue.result("id")).toEqualTypeOf<
      AsyncResult<string, Declined | UnexpectedError | RunError | RedisUnavailableError>
    >();
    // @ts-expect-error the input must match the queue's input type
    void queue.enqueue({ amount: "1" });
  });
});

describe("createWorkflowWorker", () => {
  it("infers the step error union from deps", () => {
    createWorkflowWorker("orders", {
      connection,
      checkpointer,
      deps: { charge, reserve },
      workflow: async (step, deps, input: { amount: number }, run) => {
        expectTypeOf(run).toEqualTypeOf<WorkflowRun>();
        expectTypeOf(run.attempt).toEqualTypeOf<number>();
        expectTypeOf(run.idempotencyKey("charge")).toEqualTypeOf<string>();
        expectTypeOf(run.signal).toEqualTypeOf<AbortSignal>();
        const reserved = await step(() => deps.reserve(input.amount), { key: "reserve" });
        expectTypeOf(reserved).toEqualTypeOf<number>();
        // @ts-expect-error a step's error must belong to the deps' union
        await step((): Result<number, { type: "OTHER" }> => err({ type: "OTHER" }));
        return step(() => deps.charge(reserved), { key: "charge" });
      },
    });
  });
});

describe("signals", () => {
  it("types the payload by the schema's output, or by the explicit type argument", () => {
    createWorkflowWorker("orders", {
      connection,
      checkpointer,
      deps: {},
      workflow: async (_step, _deps, _input: null, run) => {
        const checked = await run.waitForSignal("approval", { schema: approval });
        if (checked.received) {
          expectTypeOf(checked.payload).toEqualTypeOf<{ approved: boolean; at: Date }>();
        }
        const typed = await run.waitForSignal<{ by: string }>("other");
        if (typed.received) expectTypeOf(typed.payload).toEqualTypeOf<{ by: string }>();
        const loose = await run.waitForSignal("loose", { until: 1 });
        if (loose.received) expectTypeOf(loose.payload).toEqualTypeOf<unknown>();
        return "done";
      },
    });
  });

  it("types cancel and resume as Results with the run's typed refusals", () => {
    const queue = createWorkflowQueue<null, string, never>("orders", { connection });
    expectTypeOf(queue.cancel("run-1")).toEqualTypeOf<
      AsyncResult<Cancelled, RunNotFoundError | RunFinishedError | RedisUnavailableError>
    >();
    expectTypeOf(queue.resume("run-1")).toEqualTypeOf<
      AsyncResult<void, RunNotFoundError | RunFinishedError | RedisUnavailableError>
    >();
  });

  it("checks the sender's payload against the schema's input and types the refusal", () => {
    const queue = createWorkflowQueue<null, string, never>("orders", { connection });
    expectTypeOf(
      queue.signal("run-1", "approval", { approved: true }, { schema: approval }),
    ).toEqualTypeOf<
      AsyncResult<
        void,
        | SignalPayloadError
        | RunNotFoundError
        | RunFinishedError
        | SignalNotAwaitedError
        | RedisUnavailableError
      >
    >();
    // @ts-expect-error the payload must be the schema's input
    void queue.signal("run-1", "approval", { approved: "yes" }, { schema: approval });
    void queue.signal("run-1", "anything", { whatever: 1 });
  });
});

describe("Redis Cluster", () => {
  it("accepts an ioredis Cluster as the connection", () => {
    createWorkflowQueue("orders", { connection: cluster, prefix: "{orders}" });
    createWorkflowWorker("orders", {
      connection: cluster,
      prefix: "{orders}",
      checkpointer,
      deps: {},
      workflow: async () => "done",
    });
  });
});

describe("RunCheckpointer", () => {
  it("takes the Redis checkpointer, whose onStepInvalidated the worker passes on", () => {
    expectTypeOf<ReturnType<RunCheckpointer["forRun"]>["onStepInvalidated"]>().toEqualTypeOf<
      (stepKey: string) => Promise<void>
    >();
    expectTypeOf<ReturnType<typeof createRedisCheckpointer>>().toExtend<RunCheckpointer>();
  });
});

describe("RunTracing", () => {
  it("is what @awaitly/otel's createRunTracing makes", () => {
    expectTypeOf(createRunTracing()).toExtend<RunTracing>();
  });
});
