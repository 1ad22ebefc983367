import { createPostgresPersistence } from "@awaitly/persistence-postgres";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";

/** Checkpoints in Redis, on their own client, kept an hour after a run's last step. */
export async function redisCheckpoints(redisUrl: string, namespace: string) {
  return createRedisCheckpointer(new Redis(redisUrl), {
    prefix: `${namespace}:checkpoint:`,
    ttl: 3600,
  });
}

/**
 * Checkpoints in PostgreSQL instead: the same worker, the queue still on Redis. The tables are made
 * once (`createSchema` only creates what is missing). BullMQ's job lock fences the writes.
 */
export async function postgresCheckpoints(databaseUrl: string, schema = "awaitly_demo") {
  const pgp = createPostgresPersistence(databaseUrl, { schema });
  await pgp.createSchema();
  return pgp.checkpointer;
}
