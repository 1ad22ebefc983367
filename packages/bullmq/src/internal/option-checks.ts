import type { Cluster, Redis } from "ioredis";
import { hashTag } from "./keys";

/** @internal A standalone ioredis client or an ioredis `Cluster`. */
export type RedisClient = Redis | Cluster;

/** @internal True for an ioredis `Cluster` client. */
export const isCluster = (redis: RedisClient): redis is Cluster =>
  (redis as { isCluster?: unknown }).isCluster === true;

/** @internal Checks that `connection` is an ioredis client, naming the option when it is not. */
export function assertRedis(where: string, connection: unknown): asserts connection is RedisClient {
  const client = connection as { duplicate?: unknown; evalsha?: unknown } | null;
  if (
    typeof client !== "object" ||
    client === null ||
    typeof client.duplicate !== "function" ||
    typeof client.evalsha !== "function"
  ) {
    throw new TypeError(
      `${where}: option "connection" must be an ioredis client or Cluster, got ${String(connection)}`,
    );
  }
}

/**
 * @internal On Redis Cluster every key of a queue must hash to one slot (BullMQ's scripts touch
 * several at once): the prefix or the queue name must carry a `{…}` hash tag.
 */
export function assertClusterTag(
  where: string,
  connection: RedisClient,
  prefix: string,
  name: string,
): void {
  if (!isCluster(connection) || hashTag(`${prefix}:${name}`) !== undefined) return;
  throw new TypeError(
    `${where}: on Redis Cluster option "prefix" (or the queue name) must contain a hash tag such ` +
      `as "{awaitly}" so that all of the queue's keys share one slot, got prefix "${prefix}" and ` +
      `queue "${name}"`,
  );
}

/** @internal Validates a queue name: non-empty, no `:` (BullMQ builds keys from it). */
export function assertQueueName(where: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "" || name.includes(":")) {
    throw new TypeError(
      `${where}: the queue name must be a non-empty string without ":", got ${String(name)}`,
    );
  }
}

/** @internal Validates a positive integer option. */
export function positiveInt(where: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `${where}: option "${name}" must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** @internal Validates a non-negative integer option. */
export function nonNegativeInt(where: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${where}: option "${name}" must be a non-negative integer, got ${String(value)}`,
    );
  }
  return value;
}

/** The longest delay `setTimeout` honours (a longer one fires at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** @internal Validates a duration in ms that a timer waits (0: none): an integer up to the timer limit. */
export function timerMs(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new RangeError(
      `${where}: option "${name}" must be an integer from 0 to ${String(MAX_TIMER_MS)} ms, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * @internal A new connection like `redis` (a union's two `duplicate` signatures do not unify),
 * named `connectionName` on a single node (so it shows in `CLIENT LIST`).
 */
export const duplicate = (
  redis: RedisClient,
  options: { connectionName?: string } = {},
): RedisClient => (isCluster(redis) ? redis.duplicate() : redis.duplicate(options));

/** @internal Validates a workflow version (it names a BullMQ queue and index keys). */
export function assertVersion(where: string, option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[\w.+-]{1,100}$/.test(value)) {
    throw new TypeError(
      `${where}: option "${option}" must be 1 to 100 letters, digits, ".", "_", "+" or "-", got ${JSON.stringify(value) ?? typeof value}`,
    );
  }
  return value;
}
