import { resolveClock, type AnyResultFn, type Clock } from "@awaitly/core";
import type { JobsOptions } from "bullmq";
import type { RunCheckpointer } from "../checkpointer";
import { DEFAULT_WORKFLOW_QUEUE_OPTIONS, type WorkflowQueueOptions } from "../queue-options";
import { DEFAULT_WORKFLOW_WORKER_OPTIONS, type WorkflowWorkerOptions } from "../worker-options";
import type { RunTracing } from "@awaitly/core";
import { hashTag, jobIdOf, queueKeys } from "./keys";
import {
  assertClusterTag,
  assertQueueName,
  assertRedis,
  assertVersion,
  isCluster,
  nonNegativeInt,
  positiveInt,
  timerMs,
  type RedisClient,
} from "./option-checks";

/** @internal What a queue and a worker of the same queue both resolve, the same way. */
export type ResolvedQueueBase = {
  readonly name: string;
  readonly redis: RedisClient;
  readonly prefix: string;
  /** Seconds a finished run's record lives (0: forever). */
  readonly runTtl: number;
  /** Keys of the queue's runs; the job and lock keys are those of `version`'s runs. */
  readonly keys: ReturnType<typeof queueKeys>;
  /** The version this queue enqueues, or this worker runs (`undefined`: none). */
  readonly version: string | undefined;
  /** The tracing hook, when one was given. */
  readonly tracing: RunTracing | undefined;
};

function resolveBase(
  where: string,
  name: string,
  options: {
    connection: unknown;
    prefix?: string | undefined;
    runTtlSeconds?: number | undefined;
    tracing?: RunTracing | undefined;
    version?: string | undefined;
  },
): ResolvedQueueBase {
  assertQueueName(where, name);
  assertRedis(where, options.connection);
  const redis = options.connection;
  const prefix = options.prefix ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.prefix;
  assertClusterTag(where, redis, prefix, name);
  const runTtl = nonNegativeInt(
    where,
    "runTtlSeconds",
    options.runTtlSeconds ?? DEFAULT_WORKFLOW_QUEUE_OPTIONS.runTtlSeconds,
  );
  const tracing = assertTracing(where, options.tracing);
  const version = assertVersion(where, "version", options.version);
  return { name, redis, prefix, runTtl, keys: queueKeys(prefix, name, version), version, tracing };
}

/** @internal A queue's options, validated and defaulted once. */
export type ResolvedQueueOptions = ResolvedQueueBase & {
  /** The BullMQ job name of every run and schedule tick. */
  readonly jobName: string;
  /** Retry and retention options of every run's job. */
  readonly jobOptions: JobsOptions;
  /** Runs of one concurrency key active at once. */
  readonly concurrencyPerKey: number;
  /** How long a call waits for Redis before answering `RedisUnavailableError`. */
  readonly redisTimeoutMs: number;
  readonly onError: (error: Error) => void;
  /** Attempts and backoff of every run's job (schedule ticks' too). */
  readonly retry: { attempts: number; backoff: { type: "exponential"; delay: number } };
};

/** @internal Validates `createWorkflowQueue`'s options (errors name the option) and applies the defaults. */
export function resolveQueueOptions(
  name: string,
  options: WorkflowQueueOptions,
): ResolvedQueueOptions {
  const where = "createWorkflowQueue";
  const base = resolveBase(where, name, options);
  const d = DEFAULT_WORKFLOW_QUEUE_OPTIONS;
  const attempts = positiveInt(where, "attempts", options.attempts ?? d.attempts);
  const backoffMs = nonNegativeInt(where, "backoffMs", options.backoffMs ?? d.backoffMs);
  const jobName = options.workflowName ?? name;
  if (typeof jobName !== "string" || jobName === "") {
    throw new TypeError(
      `${where}: option "workflowName" must be a non-empty string, got ${String(jobName)}`,
    );
  }
  const { runTtl } = base;
  const retry = { attempts, backoff: { type: "exponential" as const, delay: backoffMs } };
  return {
    ...base,
    jobName,
    retry,
    concurrencyPerKey: positiveInt(
      where,
      "concurrencyPerKey",
      options.concurrencyPerKey ?? d.concurrencyPerKey,
    ),
    redisTimeoutMs: Math.max(
      1,
      timerMs(where, "redisTimeoutMs", options.redisTimeoutMs ?? d.redisTimeoutMs),
    ),
    onError: options.onError ?? (() => {}),
    // A completed job carries the run's outcome (its return value, stored atomically with the
    // completion), so it is kept as long as a run record: `result()` and dedupe read it there.
    jobOptions: {
      ...retry,
      removeOnComplete: runTtl > 0 ? { age: runTtl } : false,
      removeOnFail: { age: runTtl || 7 * 24 * 3600 },
    },
  };
}

/** @internal A worker's options, validated and defaulted once. */
export type ResolvedWorkerOptions<
  Deps extends Readonly<Record<string, AnyResultFn>>,
  TInput,
  TValue,
> = ResolvedQueueBase &
  Pick<
    WorkflowWorkerOptions<Deps, TInput, TValue>,
    "checkpointer" | "deps" | "workflow" | "retryOn" | "onEvent"
  > & {
    readonly concurrency: number;
    readonly lockDuration: number;
    readonly stalledInterval: number;
    readonly maxStalledCount: number;
    readonly progress: boolean;
    readonly progressIntervalMs: number;
    readonly approvalRecheckMs: number;
    readonly childRecheckMs: number;
    readonly parkedRunsHoldSlot: boolean;
    /** Step and run deadlines in ms (0: none). */
    readonly stepTimeoutMs: number;
    readonly runTimeoutMs: number;
    readonly onError: (error: Error) => void;
    /** What deadlines are computed on and each run's retries and timeouts wait on. */
    readonly clock: Clock;
    /** The id a run's checkpoints are kept under (led by the queue's hash tag on a cluster). */
    readonly checkpointId: (runId: string) => string;
    /** True when finished runs' checkpoints expire no later than their records (no delete needed). */
    readonly checkpointsExpire: boolean;
  };

type IntOption =
  | "concurrency"
  | "lockDurationMs"
  | "stalledIntervalMs"
  | "maxStalledCount"
  | "progressIntervalMs"
  | "approvalRecheckMs"
  | "childRecheckMs";

/** @internal Validates `createWorkflowWorker`'s options (errors name the option) and applies the defaults. */
export function resolveWorkerOptions<
  Deps extends Readonly<Record<string, AnyResultFn>>,
  TInput,
  TValue,
>(
  name: string,
  options: WorkflowWorkerOptions<Deps, TInput, TValue>,
): ResolvedWorkerOptions<Deps, TInput, TValue> {
  const where = "createWorkflowWorker";
  const base = resolveBase(where, name, options);
  const d = DEFAULT_WORKFLOW_WORKER_OPTIONS;
  const int = (option: IntOption): number =>
    positiveInt(where, option, options[option] ?? d[option]);
  const { checkpointer, workflow } = options;
  if (typeof checkpointer?.forRun !== "function" || typeof checkpointer.delete !== "function") {
    throw new TypeError(`${where}: option "checkpointer" must have forRun() and delete()`);
  }
  if (typeof workflow !== "function") {
    throw new TypeError(`${where}: option "workflow" must be a function, got ${typeof workflow}`);
  }
  const checkpointId = checkpointIdOf(base);
  assertCheckpointSlot(where, base, checkpointer, checkpointId);
  // Checkpoints that expire no later than the run's record and job are left to expire (no write
  // per run); those of a checkpointer without a TTL, or with a longer one, are deleted once the
  // outcome is durable, so a run id reused after its record expired never finds stale steps.
  const checkpointTtl = checkpointer.ttl ?? 0;
  return {
    ...base,
    checkpointer,
    deps: options.deps,
    workflow,
    retryOn: options.retryOn,
    onEvent: options.onEvent,
    concurrency: int("concurrency"),
    lockDuration: int("lockDurationMs"),
    stalledInterval: int("stalledIntervalMs"),
    maxStalledCount: int("maxStalledCount"),
    progress: options.progress ?? d.progress,
    progressIntervalMs: int("progressIntervalMs"),
    approvalRecheckMs: int("approvalRecheckMs"),
    childRecheckMs: int("childRecheckMs"),
    parkedRunsHoldSlot: options.parkedRunsHoldSlot ?? d.parkedRunsHoldSlot,
    stepTimeoutMs: timerMs(where, "stepTimeoutMs", options.stepTimeoutMs ?? d.stepTimeoutMs),
    runTimeoutMs: timerMs(where, "runTimeoutMs", options.runTimeoutMs ?? d.runTimeoutMs),
    onError: options.onError ?? (() => {}),
    clock: resolveClock(options.clock, where),
    checkpointId,
    checkpointsExpire: checkpointTtl > 0 && (base.runTtl === 0 || checkpointTtl <= base.runTtl),
  };
}

// The queue's hash tag leads each checkpoint id (unless the queue name carries it already), so a
// checkpoint key lands in the job lock's slot on Redis Cluster and the fenced write is legal.
/** @internal The id a queue's run's checkpoints are kept under. */
export function checkpointIdOf({ prefix, name }: ResolvedQueueBase): (runId: string) => string {
  const tag = hashTag(`${prefix}:${name}`);
  const lead = tag === undefined || hashTag(name) === tag ? "" : `{${tag}}:`;
  return (runId) => `${lead}${name}:${runId}`;
}

function assertCheckpointSlot(
  where: string,
  { redis, prefix, name, keys }: ResolvedQueueBase,
  checkpointer: RunCheckpointer,
  checkpointId: (runId: string) => string,
): void {
  if (!isCluster(redis) || typeof checkpointer.keyOf !== "function") return;
  const tag = hashTag(`${prefix}:${name}`);
  const checkpointKey = checkpointer.keyOf(checkpointId("run-1"));
  if (hashTag(checkpointKey) === tag) return;
  throw new TypeError(
    `${where}: on Redis Cluster the checkpointer's keys must share the job lock's hash tag ` +
      `"{${String(tag)}}" (fenced writes touch both in one script), but a run's checkpoint key ` +
      `is "${checkpointKey}" and its lock key "${keys.lock(jobIdOf("run-1"))}"; drop the "{…}" ` +
      `from the checkpointer's prefix: the worker adds the queue's tag itself`,
  );
}

const TRACING_METHODS = [
  "inject",
  "startAttempt",
  "link",
  "suppress",
  "handleEvent",
  "aroundStep",
] as const;

function assertTracing(where: string, tracing: RunTracing | undefined): RunTracing | undefined {
  if (tracing === undefined) return undefined;
  const missing = TRACING_METHODS.find(
    (m) => typeof (tracing as unknown as Record<string, unknown> | null)?.[m] !== "function",
  );
  if (missing !== undefined) {
    throw new TypeError(
      `${where}: option "tracing" must be a RunTracing (e.g. createRunTracing() from ` +
        `@awaitly/otel), but its "${missing}" is not a function`,
    );
  }
  return tracing;
}
