import type { Cluster, Redis } from "ioredis";
import type { RunTracing } from "@awaitly/core";
import type { RunCheckpointer } from "./checkpointer";
import type { StandardSchemaV1 } from "@awaitly/core";

/** Options of `createWorkflowQueue`. */
export interface WorkflowQueueOptions {
  /**
   * An ioredis client, or an ioredis `Cluster` for Redis Cluster; BullMQ needs
   * `maxRetriesPerRequest: null` on it.
   */
  connection: Redis | Cluster;
  /**
   * BullMQ key prefix. On Redis Cluster it (or the queue name) must contain a `{…}` hash tag, such
   * as `"{awaitly}"`, so that every key of the queue lands in one slot. Defaults to `"bull"`.
   */
  prefix?: string | undefined;
  /**
   * The name each run's BullMQ job (and each schedule tick's) carries, which dashboards such as
   * bull-board list. Defaults to the queue name.
   */
  workflowName?: string | undefined;
  /** Attempts per run before a thrown error fails it; each attempt resumes at the last checkpoint. Defaults to `5`. */
  attempts?: number | undefined;
  /** Delay before the first retry in ms, doubling each time. Defaults to `1000`. */
  backoffMs?: number | undefined;
  /**
   * Seconds a run's record (outcome, dedupe entry) is kept after the run ends; a run whose job never
   * reaches an outcome (removed, obliterated) loses it this long after its enqueue or its last
   * park. Completed jobs, which carry the outcome as their return value, are kept as long. `0`
   * keeps records and completed jobs forever. Defaults to `604800` (7 days).
   */
  runTtlSeconds?: number | undefined;
  /**
   * Runs of one `concurrencyKey` (see `enqueue`) active at once; the queue's processes must agree.
   * Defaults to `1`.
   */
  concurrencyPerKey?: number | undefined;
  /**
   * Longest wait in ms for Redis in a call (`enqueue`, `result` on top of its own `timeoutMs`,
   * `signal`, `cancel`, `resume`, `schedule`…): a call Redis does not answer by then answers a
   * `RedisUnavailableError` (thrown by `schedule`/`unschedule`), and while the outage is known
   * calls answer it at once. Defaults to `10000`.
   */
  redisTimeoutMs?: number | undefined;
  /** Connection trouble, reported once per outage as a `RedisUnavailableError`. Defaults to ignoring it. */
  onError?: ((error: Error) => void) | undefined;
  /**
   * The workers' checkpointer: `run()` then lists steps checkpointed before step timings were
   * kept, and `retry(runId, { fromStep })` can rewind a run's checkpoints. Defaults to none
   * (`retry` with `fromStep` answers `RetryUnavailableError`).
   */
  checkpointer?: RunCheckpointer | undefined;
  /**
   * The runs' signal schemas by signal name: `signal()` validates a payload with the named
   * signal's schema when the call gives none. Defaults to `{}`.
   */
  signals?: Readonly<Record<string, StandardSchemaV1<unknown, unknown>>> | undefined;
  /**
   * The workflow version of the runs this queue enqueues, such as a deploy's (`run().version`):
   * only workers that run this version (their `version` or `compatibleVersions`) take them, and
   * `versions()` counts them while they are in flight. Letters, digits, `.`, `_`, `+` and `-`.
   * Defaults to none: the runs go to workers without a version.
   */
  version?: string | undefined;
  /**
   * Carries the caller's trace context with each run, signal and resume (e.g. `@awaitly/otel`'s
   * `createRunTracing()`), so a worker's spans join the trace that started the run. Defaults to
   * none (nothing is read or stored).
   */
  tracing?: RunTracing | undefined;
}

/** The defaults `createWorkflowQueue` applies. */
export const DEFAULT_WORKFLOW_QUEUE_OPTIONS = {
  prefix: "bull",
  attempts: 5,
  backoffMs: 1000,
  runTtlSeconds: 7 * 24 * 3600,
  concurrencyPerKey: 1,
  redisTimeoutMs: 10_000,
} as const;
