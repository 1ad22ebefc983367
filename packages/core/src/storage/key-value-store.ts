/** Options for `KeyValueStore.set`. */
export interface KeyValueSetOptions {
  /** Time to live in **seconds**; the entry disappears after it. Defaults to no expiry. */
  ttl?: number;
}

/**
 * The minimal async key/value contract that persistence, HITL stores and storage adapters
 * (Redis, files, memory) meet on, so none of them depends on another.
 *
 * Values are strings: callers serialise (see `@awaitly/persistence`). Implementations must:
 * - return `null` from `get` for a missing or expired key;
 * - honour `ttl` (seconds) on `set`, overwriting any previous value and TTL;
 * - resolve `delete` to whether a key was removed;
 * - list keys matching a glob `pattern` (`*` any run of characters, `?` one character) in `keys`,
 *   all keys when `pattern` is omitted, without blocking the store (e.g. SCAN, never KEYS).
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: KeyValueSetOptions): Promise<void>;
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  keys(pattern?: string): Promise<string[]>;
}
