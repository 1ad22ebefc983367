import type { Redis } from "ioredis";

/** @internal Checks that `connection` is an ioredis client, naming the option when it is not. */
export function assertRedis(where: string, connection: unknown): asserts connection is Redis {
  const client = connection as { duplicate?: unknown; evalsha?: unknown } | null;
  if (
    typeof client !== "object" ||
    client === null ||
    typeof client.duplicate !== "function" ||
    typeof client.evalsha !== "function"
  ) {
    throw new TypeError(
      `${where}: option "connection" must be an ioredis client, got ${String(connection)}`,
    );
  }
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
