import type { Result, UnexpectedError } from "@awaitly/core";
import type {
  BulkOutcome,
  RetryError,
  RetryStarted,
  RunError,
  RunCompensationInfo,
  RunInfo,
  RunStatus,
  RunsPage,
  RunWaitingOn,
  WorkflowQueue,
} from "@awaitly/bullmq";
import { describe, expectTypeOf, it } from "vitest";

type Declined = { type: "DECLINED" };
declare const queue: WorkflowQueue<{ n: number }, string, Declined>;

describe("run list types", () => {
  it("types a run's compensations and the compensated step status", () => {
    type Info = RunInfo<{ n: number }, string, Declined>;
    expectTypeOf<Info["compensations"]>().toEqualTypeOf<RunCompensationInfo[]>();
    expectTypeOf<RunCompensationInfo["status"]>().toEqualTypeOf<"completed" | "failed">();
    expectTypeOf<Info["steps"][number]["status"]>().toEqualTypeOf<
      "completed" | "failed" | "cached" | "compensated"
    >();
  });

  it("types runs(), run(), counts(), retry() and bulk()", () => {
    expectTypeOf(queue.runs({ status: "failed" })).toEqualTypeOf<Promise<RunsPage>>();
    expectTypeOf(queue.run("r")).toEqualTypeOf<
      Promise<RunInfo<unknown, string, Declined> | undefined>
    >();
    expectTypeOf<NonNullable<Awaited<ReturnType<typeof queue.run>>>["outcome"]>().toEqualTypeOf<
      Result<string, Declined | UnexpectedError | RunError> | undefined
    >();
    expectTypeOf(queue.counts()).toEqualTypeOf<Promise<Record<RunStatus, number>>>();
    expectTypeOf(queue.retry("r", { fromStep: "charge" })).toEqualTypeOf<
      Promise<Result<RetryStarted, RetryError>>
    >();
    expectTypeOf(queue.bulk({ parkedOn: "approval" }, { type: "cancel" })).toEqualTypeOf<
      Promise<BulkOutcome[]>
    >();
    // @ts-expect-error "lost" is not a run status
    void queue.runs({ status: "lost" });
    // @ts-expect-error a bulk signal needs the signal's name
    void queue.bulk({}, { type: "signal" });
  });

  it("types why a waiting run waits", () => {
    expectTypeOf<RunsPage["runs"][number]["waitingOn"]>().toEqualTypeOf<RunWaitingOn | undefined>();
    expectTypeOf<RunInfo<unknown, string, Declined>["waitingOn"]>().toEqualTypeOf<
      "concurrency" | undefined
    >();
  });

  it("keeps a typed queue assignable to WorkflowQueue<never, unknown, unknown>", () => {
    expectTypeOf(queue).toMatchTypeOf<WorkflowQueue<never, unknown, unknown>>();
  });
});
