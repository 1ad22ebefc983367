import { err } from "@awaitly/core";
import { LimiterResetError, isQueueFullError } from "./errors";
import type { ConcurrencyLimiter, ConcurrencyLimiterConfig, QueueFullError } from "./types";

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/** @internal Validates and completes a concurrency limiter config. */
export function resolveConcurrencyConfig(name: string, config: ConcurrencyLimiterConfig) {
  const where = `createConcurrencyLimiter("${name}")`;
  if (typeof config !== "object" || config === null)
    throw new TypeError(`${where}: config must be an object, got ${String(config)}`);
  const { maxConcurrent } = config;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(
      `${where}: maxConcurrent must be a whole number ≥ 1, got ${String(maxConcurrent)}`,
    );
  }
  const strategy = config.strategy ?? "queue";
  if (strategy !== "queue" && strategy !== "reject") {
    throw new RangeError(`${where}: strategy must be "queue" or "reject", got ${String(strategy)}`);
  }
  const maxQueueSize = config.maxQueueSize ?? Number.POSITIVE_INFINITY;
  if (!(
    maxQueueSize === Number.POSITIVE_INFINITY ||
    (Number.isInteger(maxQueueSize) && maxQueueSize >= 0)
  )) {
    throw new RangeError(
      `${where}: maxQueueSize must be a whole number ≥ 0 or Infinity, got ${String(maxQueueSize)}`,
    );
  }
  return { maxConcurrent, strategy, maxQueueSize };
}

/**
 * A semaphore: at most `maxConcurrent` operations run at once; the rest wait in a FIFO queue of at
 * most `maxQueueSize` (or are refused with `QUEUE_FULL`). A freed slot goes straight to the oldest
 * waiter, so newcomers cannot jump the queue.
 * @example
 * const db = createConcurrencyLimiter("db", { maxConcurrent: 10, maxQueueSize: 100 });
 * const rows = await db.execute(() => pool.query(sql));
 */
export function createConcurrencyLimiter(
  name: string,
  config: ConcurrencyLimiterConfig,
): ConcurrencyLimiter {
  const { maxConcurrent, strategy, maxQueueSize } = resolveConcurrencyConfig(name, config);
  let active = 0;
  let queue: Waiter[] = [];

  const full = (): QueueFullError => ({
    type: "QUEUE_FULL",
    limiterName: name,
    queueSize: queue.length,
    maxQueueSize,
  });
  /** Takes a slot now (undefined), queues (Promise), or refuses (QueueFullError) — decided synchronously. */
  const acquire = (): Promise<void> | QueueFullError | undefined => {
    if (active < maxConcurrent) {
      active++;
      return undefined;
    }
    if (strategy === "reject" || queue.length >= maxQueueSize) return full();
    return new Promise<void>((resolve, reject) => queue.push({ resolve, reject }));
  };
  const release = () => {
    const next = queue.shift();
    // Hand the slot straight to the oldest waiter; `active` stays the same.
    if (next) next.resolve();
    else active--;
  };

  const execute = async <T>(operation: () => T | Promise<T>): Promise<T> => {
    const slot = acquire();
    if (slot instanceof Promise) await slot;
    else if (slot !== undefined) throw slot;
    try {
      return await operation();
    } finally {
      release();
    }
  };

  return {
    execute,
    async executeAll(operations) {
      return Promise.all(operations.map((operation) => execute(operation)));
    },
    async executeResult(operation) {
      try {
        const slot = acquire();
        if (slot instanceof Promise) await slot;
        else if (slot !== undefined) return err(slot);
      } catch (error) {
        if (isQueueFullError(error)) return err(error);
        throw error;
      }
      try {
        return await operation();
      } finally {
        release();
      }
    },
    getStats: () => ({ activeCount: active, maxConcurrent, queueSize: queue.length, maxQueueSize }),
    reset() {
      // Queued callers are rejected; running operations keep their slots until they finish, so the
      // count never goes negative and the limit is never exceeded.
      const waiting = queue;
      queue = [];
      for (const waiter of waiting) waiter.reject(new LimiterResetError(name));
    },
  };
}
