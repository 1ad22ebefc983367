import type { Result } from "@awaitly/core";
import type { MockFunction } from "./types";

/**
 * A Result-returning mock dependency: `returns` sets the default, `returnsOnce` queues one-off
 * results; calls are recorded. Calling it unconfigured throws.
 */
export function createMockFn<T, E>(): MockFunction<T, E> {
  let fallback: Result<T, E> | undefined;
  let queue: Result<T, E>[] = [];
  let calls: unknown[][] = [];
  const mock = ((...args: unknown[]) => {
    calls.push(args);
    if (queue.length > 0) return Promise.resolve(queue.shift()!);
    if (fallback !== undefined) return Promise.resolve(fallback);
    throw new Error(
      "Mock function called without configured return value: call .returns(result) or .returnsOnce(result) first",
    );
  }) as MockFunction<T, E>;
  mock.returns = (result) => {
    fallback = result;
    return mock;
  };
  mock.returnsOnce = (result) => {
    queue.push(result);
    return mock;
  };
  mock.getCalls = () => [...calls];
  mock.getCallCount = () => calls.length;
  mock.reset = () => {
    fallback = undefined;
    queue = [];
    calls = [];
  };
  return mock;
}
