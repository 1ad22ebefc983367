import type { StepCache } from "@awaitly/core";
import type { StatePersistence } from "./state-persistence";

/** A `StepCache` that can be filled once from a persisted run state. */
export interface HydratingCache extends StepCache {
  hydrate(): Promise<void>;
}

/**
 * Wraps a cache so `hydrate()` loads a run's saved steps into it (call it before the workflow runs).
 * @example
 * const cache = createHydratingCache(createMemoryCache(), states, "order-42");
 * await cache.hydrate();
 * const workflow = createWorkflow(deps, { cache });
 */
export function createHydratingCache(
  memoryCache: StepCache,
  persistence: StatePersistence,
  runId: string,
): HydratingCache {
  let hydrated = false;
  return {
    async hydrate() {
      if (hydrated) return;
      const state = await persistence.load(runId);
      if (state) for (const [key, entry] of state.steps) memoryCache.set(key, entry.result);
      hydrated = true;
    },
    get: (key) => memoryCache.get(key),
    set: (key, result) => memoryCache.set(key, result),
    has: (key) => memoryCache.has(key),
    delete: (key) => memoryCache.delete(key),
    clear: () => memoryCache.clear(),
  };
}
