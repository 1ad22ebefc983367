import { hasType, err, type AsyncResult } from "@awaitly/core";

/** Something to release: its value and how to close it. */
export interface Resource<T> {
  value: T;
  close: () => Promise<void>;
}

/** Collects resources and closes them newest first. */
export interface ResourceScope {
  add: <T>(resource: Resource<T>) => T;
  close: () => Promise<void>;
  has: <T>(resource: Resource<T>) => boolean;
  size: () => number;
}

/** Releases failed: every error, in closing order, and what the work itself produced. */
export interface ResourceCleanupError {
  type: "RESOURCE_CLEANUP_ERROR";
  errors: unknown[];
  originalResult?: unknown;
}

/** True for a `ResourceCleanupError` (checks `type`). */
export function isResourceCleanupError(error: unknown): error is ResourceCleanupError {
  return hasType(error, "RESOURCE_CLEANUP_ERROR");
}

/**
 * A scope: `add` resources as you acquire them; `close()` releases them in reverse order, one at a
 * time, continuing past failures, and rejects with a `ResourceCleanupError` listing every failure.
 */
export function createResourceScope(): ResourceScope {
  const resources: Resource<unknown>[] = [];
  let closing: Promise<void> | undefined;

  const closeAll = async () => {
    const errors: unknown[] = [];
    // Pop until empty, so resources added while closing are released too.
    for (let resource = resources.pop(); resource !== undefined; resource = resources.pop()) {
      try {
        await resource.close();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      const cleanup: ResourceCleanupError = { type: "RESOURCE_CLEANUP_ERROR", errors };
      throw cleanup;
    }
  };

  return {
    add(resource) {
      resources.push(resource);
      return resource.value;
    },
    close() {
      // Overlapping calls share one pass instead of closing everything twice.
      closing ??= closeAll().finally(() => {
        closing = undefined;
      });
      return closing;
    },
    has: (resource) => resources.includes(resource),
    size: () => resources.length,
  };
}

/**
 * Runs `fn` with a fresh scope and always closes it — after an `ok`, an `err` or a throw. If a
 * release fails the result is `err(ResourceCleanupError)` whose `originalResult` holds what `fn`
 * returned (or `{ thrown }`); otherwise `fn`'s own Result (or exception) comes back unchanged.
 * @example
 * const result = await withScope(async (scope) => {
 *   const db = scope.add(await createResource(() => connect(url), (c) => c.end()));
 *   return ok(await db.query("select 1"));
 * });
 */
export async function withScope<T, E>(
  fn: (scope: ResourceScope) => AsyncResult<T, E>,
): AsyncResult<T, E | ResourceCleanupError> {
  if (typeof fn !== "function")
    throw new TypeError(`withScope: expected a function, got ${typeof fn}`);
  const scope = createResourceScope();
  let outcome: { result: Awaited<ReturnType<typeof fn>> } | { thrown: unknown };
  try {
    outcome = { result: await fn(scope) };
  } catch (thrown) {
    outcome = { thrown };
  }
  try {
    await scope.close();
  } catch (cleanup) {
    if (!isResourceCleanupError(cleanup)) {
      if ("thrown" in outcome) throw outcome.thrown;
      throw cleanup;
    }
    return err({
      ...cleanup,
      originalResult: "thrown" in outcome ? { thrown: outcome.thrown } : outcome.result,
    });
  }
  if ("thrown" in outcome) throw outcome.thrown;
  return outcome.result;
}

/** Acquires a value and pairs it with its release (not added to any scope). */
export async function createResource<T>(
  acquire: () => T | Promise<T>,
  release: (value: T) => void | Promise<void>,
): Promise<Resource<T>> {
  if (typeof acquire !== "function" || typeof release !== "function") {
    throw new TypeError("createResource: acquire and release must be functions");
  }
  const value = await acquire();
  return {
    value,
    close: async () => {
      await release(value);
    },
  };
}
