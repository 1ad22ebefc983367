import pg from "pg";
import {
  createPostgresApprovalStore,
  type PostgresApprovalStore,
  type PostgresApprovalStoreOptions,
} from "./postgres-approval-store";
import {
  createPostgresCheckpointer,
  type PostgresCheckpointer,
  type PostgresCheckpointerOptions,
} from "./postgres-checkpointer";
import { createPostgresLock, type PostgresLock, type PostgresLockOptions } from "./postgres-lock";
import {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from "./postgres-store";
import {
  createPostgresWorkflowStateStore,
  type PostgresWorkflowStateStore,
  type PostgresWorkflowStateStoreOptions,
} from "./postgres-workflow-state-store";
import { createSchema, schemaSql, type PostgresSchemaOptions } from "./schema";

/** Options for `createPostgresPersistence`: the schema options plus each part's own. */
export interface PostgresPersistenceOptions extends PostgresSchemaOptions {
  store?: Omit<PostgresStoreOptions, keyof PostgresSchemaOptions> | undefined;
  checkpointer?: Omit<PostgresCheckpointerOptions, keyof PostgresSchemaOptions> | undefined;
  lock?: Omit<PostgresLockOptions, keyof PostgresSchemaOptions> | undefined;
  approvals?: Omit<PostgresApprovalStoreOptions, keyof PostgresSchemaOptions> | undefined;
  workflowStates?: Omit<PostgresWorkflowStateStoreOptions, keyof PostgresSchemaOptions> | undefined;
  /**
   * Errors of an idle connection of the pool made here from a connection string (PostgreSQL
   * restarted, failed over, or terminated the backend). The pool drops that connection and the
   * next query opens a new one; without a listener node-postgres would crash the process. A pool
   * you pass in is yours to listen on. Defaults to reporting with `console.error`.
   */
  onError?: ((error: Error) => void) | undefined;
}

/** Every PostgreSQL-backed part on one pool and one schema. */
export interface PostgresPersistence {
  /** The pool every part queries: yours, or the one made from your connection string. */
  readonly pool: pg.Pool;
  readonly store: PostgresStore;
  readonly checkpointer: PostgresCheckpointer;
  readonly lock: PostgresLock;
  readonly approvals: PostgresApprovalStore;
  /** hitl's `WorkflowStateStore` for paused runs. */
  readonly workflowStates: PostgresWorkflowStateStore;
  /** Runs the migration (`schemaSql()`) for this schema and prefix. */
  createSchema(): Promise<void>;
  /** The migration's SQL for this schema and prefix. */
  schemaSql(): string;
  /** Ends the pool if it was made here from a connection string; a pool you passed stays yours to end. */
  close(): Promise<void>;
}

/**
 * Creates the store, checkpointer, lock and approval store on one `pg.Pool` (yours, or a new one for
 * a connection string). Nothing touches the tables until you call them; run `createSchema()` once.
 * @example
 * const pgp = createPostgresPersistence(process.env.DATABASE_URL ?? "postgres://localhost/app");
 * await pgp.createSchema();
 * const guard = pgp.lock.guard("order-42", { waitMs: 30_000 });
 * const workflow = createWorkflow(deps, { ...pgp.checkpointer.forRun("order-42", { fence: guard }), shouldRun: guard.shouldRun });
 */
export function createPostgresPersistence(
  db: pg.Pool | string,
  options: PostgresPersistenceOptions = {},
): PostgresPersistence {
  const owned = typeof db === "string";
  if (owned && db === "") {
    throw new TypeError("createPostgresPersistence: the connection string is empty");
  }
  const onError = options.onError ?? ((error: Error) => console.error("awaitly postgres:", error));
  if (typeof onError !== "function") {
    throw new TypeError(
      `createPostgresPersistence: option "onError" must be a function, got ${typeof onError}`,
    );
  }
  const pool = owned ? new pg.Pool({ connectionString: db }) : db;
  // An idle client's 'error' is re-emitted on the pool; unheard, it is an uncaught exception.
  if (owned) pool.on("error", (error) => onError(error));
  const schema = { schema: options.schema, tablePrefix: options.tablePrefix };
  const store = createPostgresStore(pool, { ...options.store, ...schema });
  const checkpointer = createPostgresCheckpointer(pool, { ...options.checkpointer, ...schema });
  const lock = createPostgresLock(pool, { ...options.lock, ...schema });
  const approvals = createPostgresApprovalStore(pool, { ...options.approvals, ...schema });
  const workflowStates = createPostgresWorkflowStateStore(pool, {
    ...options.workflowStates,
    ...schema,
  });
  let closed = false;
  return {
    pool,
    store,
    checkpointer,
    lock,
    approvals,
    workflowStates,
    createSchema: () => createSchema(pool, schema),
    schemaSql: () => schemaSql(schema),
    async close() {
      if (!owned || closed) return;
      closed = true;
      await pool.end();
    },
  };
}
