import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { RedisPersistenceError, type RedisOperation } from "../errors";

type Pending = { deadline: number; fail: () => void };

/**
 * @internal Bounds Redis calls by `timeoutMs` with one timer per bounder rather than one per call
 * (a per-call setTimeout costs as much as the checkpoint bookkeeping itself). Calls of one bounder
 * share `timeoutMs`, so deadlines arrive in start order and the timer only watches the oldest.
 */
export function createBounded(
  timeoutMs: number,
): <T>(operation: RedisOperation, key: string | undefined, fn: () => Promise<T>) => Promise<T> {
  const pending = new Set<Pending>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = (delay: number): void => {
    timer = setTimeout(sweep, Math.max(0, delay));
    (timer as { unref?: () => void }).unref?.();
  };
  const sweep = (): void => {
    timer = undefined;
    const now = Date.now();
    for (const entry of pending) {
      if (entry.deadline > now) return arm(entry.deadline - now);
      pending.delete(entry);
      entry.fail();
    }
  };

  return <T>(operation: RedisOperation, key: string | undefined, fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        deadline: Date.now() + timeoutMs,
        fail: () => reject(new RedisPersistenceError(operation, key, { timeoutMs })),
      };
      pending.add(entry);
      if (timer === undefined) arm(timeoutMs);
      let running: Promise<T>;
      try {
        running = fn();
      } catch (cause) {
        running = Promise.reject(cause);
      }
      running.then(
        (value) => {
          pending.delete(entry);
          resolve(value);
        },
        (cause: unknown) => {
          pending.delete(entry);
          reject(new RedisPersistenceError(operation, key, { cause }));
        },
      );
    });
}

const shas = new Map<string, string>();

/** @internal A standalone client or a Redis Cluster client: the commands used here work on both. */
export type RedisClient = Redis | Cluster;

/**
 * @internal Runs a Lua script by its SHA1 (computed here, so no SCRIPT LOAD goes to the wrong node
 * of a cluster), falling back to EVAL, which caches it on that node, on NOSCRIPT.
 */
export function runScript(
  redis: RedisClient,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  // Not async: the per-step write pays one promise layer, not three.
  return redis.evalsha(sha, keys.length, ...keys, ...args).catch((error: unknown) => {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script, keys.length, ...keys, ...args);
  });
}

/** @internal Validates a positive finite millisecond option. */
export function positiveMs(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${where}: option "${name}" must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

/** @internal Validates a string option. */
export function stringOption(where: string, name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`${where}: option "${name}" must be a string, got ${typeof value}`);
  }
  return value;
}

/** @internal Escapes Redis MATCH glob metacharacters so the text matches literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/**
 * @internal Collects every key matching `pattern` with SCAN (never KEYS), de-duplicated; on a
 * cluster, from every master.
 */
export async function scanKeys(
  redis: RedisClient,
  pattern: string,
  count: number,
): Promise<string[]> {
  const found = new Set<string>();
  const nodes = isCluster(redis) ? redis.nodes("master") : [redis];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", count);
      for (const key of batch) found.add(key);
      cursor = next;
    } while (cursor !== "0");
  }
  return [...found];
}

/** @internal True for an ioredis `Cluster` client. */
export const isCluster = (redis: RedisClient): redis is Cluster =>
  typeof (redis as Partial<Cluster>).nodes === "function";
