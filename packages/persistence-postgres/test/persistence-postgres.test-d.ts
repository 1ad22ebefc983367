import {
  createWorkflow,
  ok,
  type AsyncResult,
  type KeyValueStore,
  type ResumeState,
} from "@awaitly/core";
import type { ApprovalStore, WorkflowStateStore } from "@awaitly/hitl";
import {
  createPostgresApprovalStore,
  createPostgresCheckpointer,
  createPostgresLock,
  createPostgresPersistence,
  createPostgresStore,
  createPostgresWorkflowStateStore,
  type PostgresLease,
} from "@awaitly/persistence-postgres";
import type pg from "pg";
import { describe, expectTypeOf, it } from "vitest";

declare const pool: pg.Pool;
const job = async (): AsyncResult<number, "E"> => ok(1);

describe("types", () => {
  it("the store is core's KeyValueStore and the approval store is hitl's ApprovalStore", () => {
    expectTypeOf(createPostgresStore(pool)).toExtend<KeyValueStore>();
    expectTypeOf(createPostgresApprovalStore(pool)).toExtend<ApprovalStore>();
    expectTypeOf(createPostgresWorkflowStateStore(pool)).toExtend<WorkflowStateStore>();
    // @ts-expect-error the first argument is a pg.Pool
    createPostgresStore("postgres://localhost/db");
  });

  it("checkpoint hooks and the lock guard spread into createWorkflow options", () => {
    const guard = createPostgresLock(pool).guard("run");
    const hooks = createPostgresCheckpointer(pool).forRun("run", { fence: guard });
    expectTypeOf(hooks.resumeState).returns.resolves.toEqualTypeOf<ResumeState>();
    expectTypeOf(hooks.onStepInvalidated).toEqualTypeOf<(stepKey: string) => Promise<void>>();
    createWorkflow({ job }, { ...hooks, shouldRun: guard.shouldRun });
    expectTypeOf(guard.lease).toEqualTypeOf<PostgresLease | undefined>();
    // @ts-expect-error a fence choice is required
    createPostgresCheckpointer(pool).forRun("run");
    // @ts-expect-error fence must be a lease, a guard or false
    createPostgresCheckpointer(pool).forRun("run", { fence: "token" });
  });

  it("createPostgresPersistence takes a pool or a connection string", () => {
    expectTypeOf(
      createPostgresPersistence("postgres://localhost/db").pool,
    ).toEqualTypeOf<pg.Pool>();
    createPostgresPersistence(pool, { schema: "jobs", lock: { leaseMs: 10_000 } });
  });
});
