import {
  createWorkflow,
  ok,
  type AsyncResult,
  type KeyValueStore,
  type ResumeState,
} from "@awaitly/core";
import {
  createRedisCheckpointer,
  createRedisLock,
  createRedisStore,
  type RedisKeyValueStore,
  type RedisLease,
} from "@awaitly/persistence-redis";
import type { CompareAndSetStore } from "@awaitly/hitl";
import type { Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";

declare const redis: Redis;
const job = async (): AsyncResult<number, "E"> => ok(1);

describe("types", () => {
  it("the store is core's KeyValueStore with the compare-and-set approval stores use", () => {
    expectTypeOf(createRedisStore(redis)).toEqualTypeOf<RedisKeyValueStore>();
    expectTypeOf(createRedisStore(redis)).toExtend<KeyValueStore>();
    expectTypeOf(createRedisStore(redis)).toExtend<CompareAndSetStore>();
    // @ts-expect-error the first argument is an ioredis client
    createRedisStore({ prefix: "x" });
  });

  it("checkpoint hooks and the lock guard spread into createWorkflow options", () => {
    const guard = createRedisLock(redis).guard("run");
    const hooks = createRedisCheckpointer(redis).forRun("run", { fence: guard });
    expectTypeOf(hooks.resumeState).returns.resolves.toEqualTypeOf<ResumeState>();
    expectTypeOf(hooks.onStepInvalidated).toEqualTypeOf<(stepKey: string) => Promise<void>>();
    createWorkflow({ job }, { ...hooks, shouldRun: guard.shouldRun });
    expectTypeOf(guard.lease).toEqualTypeOf<RedisLease | undefined>();
    expectTypeOf(createRedisLock(redis).acquire("k")).resolves.toEqualTypeOf<
      RedisLease | undefined
    >();
    // @ts-expect-error fence must be a lease or a guard
    createRedisCheckpointer(redis).forRun("run", { fence: "token" });
  });
});
