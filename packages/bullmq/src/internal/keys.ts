import type { TraceCarrier } from "@awaitly/core";

/**
 * @internal BullMQ refuses integer-looking job ids and `:`; a fixed `r_` prefix plus escaping `%`
 * and `:` maps every run id to a legal job id and back.
 */
export function jobIdOf(runId: string): string {
  if (!runId.includes("%") && !runId.includes(":")) return `r_${runId}`;
  return `r_${runId.replace(/[%:]/g, (c) => (c === "%" ? "%25" : "%3A"))}`;
}

/** @internal The run id of a job: decoded for enqueued runs, the job id itself for scheduler ticks. */
export function runIdOf(jobId: string): string {
  if (!jobId.startsWith("r_")) return jobId;
  const escaped = jobId.slice(2);
  if (!escaped.includes("%")) return escaped;
  return escaped.replace(/%3A|%25/g, (c) => (c === "%3A" ? ":" : "%"));
}

/** @internal The record field naming the version whose BullMQ queue holds a run's job (none: the queue's own). */
export const VERSION_FIELD = "vq";

/**
 * @internal The BullMQ queue name of a workflow queue's runs of `version`: each version has a
 * BullMQ queue of its own, so a worker only ever fetches jobs of the versions it runs. Runs
 * without a version keep the queue's name (as before versions existed).
 */
export function bullNameOf(queue: string, version: string | null | undefined): string {
  return version === undefined || version === null || version === ""
    ? queue
    : `${queue}@${version}`;
}

/**
 * @internal Key names of one queue, all under BullMQ's prefix so they share its hash tag. The
 * awaitly keys (records, indexes) are the queue's whatever the version; a run's BullMQ job and
 * lock are its version's (`version`).
 */
export function queueKeys(prefix: string, queue: string, version?: string | null) {
  const base = `${prefix}:${queue}`;
  const bullBase = `${prefix}:${bullNameOf(queue, version)}`;
  return {
    record: (runId: string) => `${base}:awaitly:run:${jobIdOf(runId)}`,
    /** The run records' common prefix (a job id follows), for scripts that derive a record key. */
    records: `${base}:awaitly:run:`,
    lock: (jobId: string) => `${bullBase}:${jobId}:lock`,
    job: (jobId: string) => `${bullBase}:${jobId}`,
    cancelChannel: `${base}:awaitly:cancel`,
    /** The set of a run's child runs (`[prefix, queue, runId]` JSON), for cancelling them with it. */
    children: (runId: string) => `${base}:awaitly:children:${jobIdOf(runId)}`,
    /** A debounce key's open batch (its run id, first arrival, start time). */
    debounce: (key: string) => `${base}:awaitly:debounce:${key}`,
    /** The debounce keys with an open batch, scored by the batch's start time. */
    debounceDue: `${base}:awaitly:debounce-due`,
    /** Prefix of a debounced run's inputs list (the run id follows). */
    debounceInputs: `${base}:awaitly:debounce-inputs:`,
    /** The run-list indexes' common prefix (see `scripts/run-index.lua.ts`). */
    index: `${base}:awaitly:idx`,
  };
}

/**
 * @internal The hash tag Redis Cluster hashes `key` by (the text inside its first `{…}`, when
 * that is not empty), or `undefined` when the whole key is hashed.
 */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf("{");
  if (open === -1) return undefined;
  const close = key.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}

/** @internal Key names of one queue. */
export type QueueKeys = ReturnType<typeof queueKeys>;

/** @internal Where a child run's parent lives: woken when the child finishes. */
export type ParentRef = { prefix: string; queue: string; runId: string };

/** @internal Job data of a run (an enqueued run's or a schedule tick's; a child run's names its parent). */
export type RunJobData = {
  input: unknown;
  /** Set on a run started again by `queue.retry`: it resumes from its checkpoints. */
  retry?: boolean | undefined;
  /** The enqueuer's trace context; `false` for a run enqueued with `trace: false`. */
  trace?: TraceCarrier | false;
  parent?: ParentRef;
  concurrencyKey?: string;
  /** A debounced run's key: its input is its batch's inputs, read when it starts. */
  debounce?: string;
};
