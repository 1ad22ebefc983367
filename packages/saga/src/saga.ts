import type { AnyResultFn, ErrorsOfDeps } from "@awaitly/core";
import { validateSagaOptions } from "./internal/validate-options";
import { executeSaga } from "./run-saga-core";
import type { SagaContext, SagaEvent, SagaResult, SagaWorkflowOptions } from "./types";

/**
 * A reusable saga executor whose error type is inferred from `deps`, like `createWorkflow`. When a
 * step fails, every completed step's compensation runs, newest first, each with its step's value.
 * @example
 * const checkout = createSagaWorkflow({ reserve, charge, release, refund });
 * const result = await checkout(async (saga, deps) => {
 *   const r = await saga.step(() => deps.reserve(order), { name: "reserve", compensate: (r) => deps.release(r.id) });
 *   return saga.step(() => deps.charge(order), { name: "charge", compensate: (c) => deps.refund(c.id) });
 * });
 */
export function createSagaWorkflow<const Deps extends Readonly<Record<string, AnyResultFn>>>(
  deps: Deps,
  options?: SagaWorkflowOptions<ErrorsOfDeps<Deps>>,
): <T>(
  fn: (saga: SagaContext<ErrorsOfDeps<Deps>>, deps: Deps) => Promise<T>,
) => Promise<SagaResult<T, ErrorsOfDeps<Deps>>> {
  if (typeof deps !== "object" || deps === null) {
    throw new TypeError(
      `createSagaWorkflow: deps must be an object of functions, got ${String(deps)}`,
    );
  }
  for (const [name, dep] of Object.entries(deps)) {
    if (typeof dep !== "function")
      throw new TypeError(
        `createSagaWorkflow: dependency "${name}" must be a function, got ${typeof dep}`,
      );
  }
  validateSagaOptions("createSagaWorkflow", options);
  return async (fn) => {
    if (typeof fn !== "function")
      throw new TypeError(`createSagaWorkflow: the saga body must be a function, got ${typeof fn}`);
    return executeSaga((saga) => fn(saga, deps), options);
  };
}

/** Runs one saga body; type the errors with `runSaga<T, E>(…)`. */
export function runSaga<T, E>(
  fn: (saga: SagaContext<E>) => Promise<T>,
  options?: Omit<SagaWorkflowOptions<E>, "onEvent"> & {
    onEvent?: ((event: SagaEvent) => void) | undefined;
  },
): Promise<SagaResult<T, E>> {
  // A bad call rejects like every other runSaga failure; a good one emits saga_start synchronously.
  try {
    validateSagaOptions("runSaga", options);
    if (typeof fn !== "function") {
      throw new TypeError(`runSaga: the saga body must be a function, got ${typeof fn}`);
    }
  } catch (error) {
    return Promise.reject(error);
  }
  return executeSaga(fn, options as SagaWorkflowOptions<E>);
}
