import type { Result, StepCache } from "@awaitly/core";

/** Options for `createMemoryCache`. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one is evicted past it. `0` means unbounded. Defaults to unbounded. */
  maxSize?: number | undefined;
  /** Milliseconds an entry lives after its last `set`. `0` means no expiry. Defaults to no expiry. */
  ttl?: number | undefined;
}

/** The defaults `createMemoryCache` applies. */
export const DEFAULT_MEMORY_CACHE_OPTIONS = { maxSize: 0, ttl: 0 } as const;

type Entry = { result: Result<unknown, unknown, unknown>; timestamp: number };

/**
 * Creates an in-memory `StepCache` with least-recently-used eviction and optional TTL.
 * @example
 * const workflow = createWorkflow(deps, { cache: createMemoryCache({ maxSize: 500, ttl: 60_000 }) });
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): StepCache {
  const maxSize = check("maxSize", options.maxSize ?? DEFAULT_MEMORY_CACHE_OPTIONS.maxSize, true);
  const ttl = check("ttl", options.ttl ?? DEFAULT_MEMORY_CACHE_OPTIONS.ttl, false);
  // Map iteration order is the recency order: the first key is the least recently used.
  const map = new Map<string, Entry>();

  const expired = (entry: Entry): boolean => ttl > 0 && Date.now() - entry.timestamp > ttl;

  const touch = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    map.delete(key);
    if (expired(entry)) return undefined;
    map.set(key, entry);
    return entry;
  };

  const makeRoom = (): void => {
    if (ttl > 0) for (const [key, entry] of map) if (expired(entry)) map.delete(key);
    while (map.size >= maxSize) {
      const oldest = map.keys().next();
      if (oldest.done === true) return;
      map.delete(oldest.value);
    }
  };

  return {
    get: (key) => touch(key)?.result,
    has: (key) => touch(key) !== undefined,
    set(key, result) {
      const existed = map.delete(key);
      if (!existed && maxSize > 0 && map.size >= maxSize) makeRoom();
      map.set(key, { result, timestamp: Date.now() });
    },
    delete: (key) => map.delete(key),
    clear: () => map.clear(),
  };
}

function check(name: string, value: unknown, integer: boolean): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new RangeError(
      `createMemoryCache: option "${name}" must be a ${integer ? "non-negative integer" : "non-negative finite number"}, got ${String(value)}`,
    );
  }
  return value;
}
