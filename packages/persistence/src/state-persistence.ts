import type { KeyValueStore, ResumeState } from "@awaitly/core";
import { checkState, deserializeState, stringifyState } from "./state";

/** Saves and loads whole-run `ResumeState`s, one key per run id. */
export interface StatePersistence {
  save(runId: string, state: ResumeState, metadata?: Record<string, unknown>): Promise<void>;
  load(runId: string): Promise<ResumeState | undefined>;
  delete(runId: string): Promise<boolean>;
  list(): Promise<string[]>;
}

/** The prefix `createStatePersistence` uses when none is given. */
export const DEFAULT_STATE_PREFIX = "workflow:state:";

/** Options of `createStatePersistence`. */
export interface StatePersistenceOptions {
  /** Seconds a saved run is kept after its latest save, passed to `store.set`; `0` keeps it until deleted. Defaults to `604800` (7 days). */
  ttl?: number | undefined;
  /** Largest saved state in UTF-8 bytes; larger ones fail with `StateSerializeError`. `0` turns the limit off. Defaults to `10485760` (10 MiB). */
  maxBytes?: number | undefined;
}

/** The defaults `createStatePersistence` applies. */
export const DEFAULT_STATE_PERSISTENCE_OPTIONS = {
  ttl: 7 * 24 * 60 * 60,
  maxBytes: 10 * 1024 * 1024,
} as const;

/**
 * Creates run-level state persistence over a `KeyValueStore` (values in the `stringifyState` format).
 * @example
 * const states = createStatePersistence(createRedisStore(redis));
 * await states.save("order-42", collector.getState());
 * const resumeState = await states.load("order-42");
 */
export function createStatePersistence(
  store: KeyValueStore,
  prefix: string = DEFAULT_STATE_PREFIX,
  options: StatePersistenceOptions = {},
): StatePersistence {
  if (typeof store !== "object" || store === null) {
    throw new TypeError(
      `createStatePersistence: store must be a KeyValueStore, got ${String(store)}`,
    );
  }
  if (typeof prefix !== "string") {
    throw new TypeError(`createStatePersistence: prefix must be a string, got ${typeof prefix}`);
  }
  const ttl = options.ttl ?? DEFAULT_STATE_PERSISTENCE_OPTIONS.ttl;
  if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0) {
    throw new RangeError(
      `createStatePersistence: option "ttl" must be a non-negative number of seconds (0 = keep), got ${String(ttl)}`,
    );
  }
  const maxBytes = options.maxBytes ?? DEFAULT_STATE_PERSISTENCE_OPTIONS.maxBytes;
  const keyOf = (runId: string): string => `${prefix}${runId}`;
  return {
    save: async (runId, state, metadata) => {
      const text = stringifyState(state, metadata, { maxBytes });
      await (ttl > 0 ? store.set(keyOf(runId), text, { ttl }) : store.set(keyOf(runId), text));
    },

    async load(runId) {
      const raw = await store.get(keyOf(runId));
      if (!raw) return undefined;
      try {
        return deserializeState(checkState(JSON.parse(raw), "load"));
      } catch {
        return undefined;
      }
    },

    delete: (runId) => store.delete(keyOf(runId)),

    async list() {
      const keys = await store.keys(`${prefix}*`);
      return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
    },
  };
}
