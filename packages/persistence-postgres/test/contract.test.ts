import { runPersistenceContract } from "@awaitly/persistence/contract";
import {
  createPostgresApprovalStore,
  createPostgresCheckpointer,
  createPostgresLock,
  createPostgresStore,
  createPostgresWorkflowStateStore,
  createSchema,
  type PostgresLease,
  type PostgresLock,
} from "@awaitly/persistence-postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_URL } from "./support/use-postgres";

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 25 });
const schemas: string[] = [];
// Every part under test gets an empty schema of its own, dropped at the end.
const freshSchema = async (): Promise<string> => {
  const schema = `awaitly_contract_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await createSchema(pool, { schema });
  return schema;
};
const lockSchemas = new WeakMap<PostgresLock, string>();

afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

const lock = {
  async create({ leaseMs }: { leaseMs: number }) {
    const schema = await freshSchema();
    const created = createPostgresLock(pool, { schema, leaseMs });
    lockSchemas.set(created, schema);
    return created;
  },
  // The holder stalled past its lease: its row's expiry is in the past, and nobody told it.
  async expire(created: { acquire: unknown }, key: string) {
    const schema = lockSchemas.get(created as PostgresLock) ?? "";
    await pool.query(
      `UPDATE "${schema}".awaitly_locks SET expires_at = now() - interval '1 second' WHERE name = $1`,
      [key],
    );
  },
  increasingTokens: true,
};

runPersistenceContract<PostgresLease>(
  { describe, it, expect },
  {
    name: "PostgreSQL",
    keyValueStore: {
      create: async () =>
        createPostgresStore(pool, { schema: await freshSchema(), maxValueBytes: 200_000 }),
      maxValueBytes: 200_000,
    },
    checkpointer: {
      async create(fencingLock) {
        const shared = fencingLock && lockSchemas.get(fencingLock as PostgresLock);
        const schema = shared ?? (await freshSchema());
        const checkpoints = createPostgresCheckpointer(pool, { schema, maxEntryBytes: 200_000 });
        return {
          save: (runId, stepKey, entry) =>
            checkpoints.save(runId, stepKey, entry, { fence: false }),
          saveFenced: (runId, stepKey, entry, lease) =>
            checkpoints.save(runId, stepKey, entry, { fence: lease }),
          invalidate: (runId, stepKey) =>
            checkpoints.forRun(runId, { fence: false }).onStepInvalidated(stepKey),
          invalidateFenced: (runId, stepKey, lease) =>
            checkpoints.forRun(runId, { fence: lease }).onStepInvalidated(stepKey),
          load: (runId) => checkpoints.load(runId),
          delete: (runId) => checkpoints.delete(runId),
          list: () => checkpoints.list(),
          hooks: (runId) => checkpoints.forRun(runId, { fence: false }),
        };
      },
      lock,
      maxEntryBytes: 200_000,
    },
    lock,
    approvalStore: {
      create: async () => createPostgresApprovalStore(pool, { schema: await freshSchema() }),
      maxValueBytes: 65_536,
    },
    stateStore: {
      create: async () => createPostgresWorkflowStateStore(pool, { schema: await freshSchema() }),
    },
  },
);
