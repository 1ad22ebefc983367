import type {
  VersionCounts,
  WorkflowQueue,
  WorkflowQueueOptions,
  WorkflowWorkerOptions,
} from "@awaitly/bullmq";
import { describe, expectTypeOf, it } from "vitest";

declare const queue: WorkflowQueue<{ n: number }, string, never>;

describe("version types", () => {
  it("types versions() as counts per version", () => {
    expectTypeOf(queue.versions()).toEqualTypeOf<Promise<Record<string, VersionCounts>>>();
    expectTypeOf<VersionCounts>().toEqualTypeOf<{
      waiting: number;
      active: number;
      parked: number;
    }>();
  });

  it("takes a version on the queue, a version and compatible versions on the worker", () => {
    expectTypeOf<WorkflowQueueOptions["version"]>().toEqualTypeOf<string | undefined>();
    type WorkerOptions = WorkflowWorkerOptions<Record<never, never>, unknown, unknown>;
    expectTypeOf<WorkerOptions["version"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WorkerOptions["compatibleVersions"]>().toEqualTypeOf<
      readonly string[] | undefined
    >();
    // @ts-expect-error a version is a string, not a number
    const bad: Pick<WorkflowQueueOptions, "version"> = { version: 2 };
    // @ts-expect-error compatible versions are a list
    const one: Pick<WorkerOptions, "compatibleVersions"> = { compatibleVersions: "1" };
    expectTypeOf(bad).not.toBeAny();
    expectTypeOf(one).not.toBeAny();
  });
});
