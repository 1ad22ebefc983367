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
): StatePersistence {
  if (typeof store !== "object" || store === null) {
    throw new TypeError(
      `createStatePersistence: store must be a KeyValueStore, got ${String(store)}`,
    );
  }
  if (typeof prefix !== "string") {
    throw new TypeError(`createStatePersistence: prefix must be a string, got ${typeof prefix}`);
  }
  const keyOf = (runId: string): string => `${prefix}${runId}`;
  return {
    save: (runId, state, metadata) => store.set(keyOf(runId), stringifyState(state, metadata)),

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
