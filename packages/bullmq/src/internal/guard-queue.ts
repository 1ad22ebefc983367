import type { Err } from "@awaitly/core";
import type { RedisUnavailableError } from "../errors";
import type { WorkflowQueue } from "../workflow-queue-types";

type Guard = <R>(
  where: string,
  waitMs: number,
  call: () => Promise<R>,
) => Promise<R | Err<RedisUnavailableError, unknown>>;
type OrThrow = <R>(where: string, call: () => Promise<R>) => Promise<R>;

/**
 * @internal The queue users get: every call that talks to Redis answers within the queue's
 * `redisTimeoutMs` (a result's own wait added), as a `RedisUnavailableError` when Redis is away
 * (`schedule`/`unschedule` throw it); `close` also stops watching Redis.
 */
export function guardQueue<TInput, TValue, TError>(
  api: WorkflowQueue<TInput, TValue, TError>,
  guard: Guard,
  orThrow: OrThrow,
  stopWatching: () => void,
): WorkflowQueue<TInput, TValue, TError> {
  return {
    ...api,
    enqueue: (input, o) => guard("WorkflowQueue.enqueue", 0, () => api.enqueue(input, o)),
    result: (runId, o) =>
      guard("WorkflowQueue.result", o?.timeoutMs ?? 30_000, () => api.result(runId, o)),
    cancel: (runId) => guard("WorkflowQueue.cancel", 0, () => api.cancel(runId)),
    signal: (runId, signalName, payload, o) =>
      guard("WorkflowQueue.signal", 0, () => api.signal(runId, signalName, payload, o)),
    resume: (runId) => guard("WorkflowQueue.resume", 0, () => api.resume(runId)),
    schedule: (scheduleId, when, input) =>
      orThrow("WorkflowQueue.schedule", () => api.schedule(scheduleId, when, input)),
    debounce: (key, input, o) =>
      guard("WorkflowQueue.debounce", 0, () => api.debounce(key, input, o)),
    unschedule: (scheduleId) =>
      orThrow("WorkflowQueue.unschedule", () => api.unschedule(scheduleId)),
    async close() {
      stopWatching();
      await api.close();
    },
  };
}
