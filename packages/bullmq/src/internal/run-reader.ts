import type { ResumeState } from "@awaitly/core";
import type { Queue } from "bullmq";
import type { RunCheckpointer } from "../checkpointer";
import {
  RUN_STATUSES,
  type RunCompensationInfo,
  type RunInfo,
  type RunParkedOn,
  type RunStatus,
  type RunStepInfo,
  type RunsFilter,
  type RunsPage,
  type VersionCounts,
} from "../run-list";
import { RUNS_PAGE } from "../scripts/runs-page-1.lua";
import { VERSIONS } from "../scripts/versions-1.lua";
import { jobIdOf, runIdOf, type QueueKeys, type RunJobData } from "./keys";
import type { RedisClient } from "./option-checks";
import { runScript } from "./run-script";
import { compensationsOf } from "./compensations";
import { STEP_FIELD, type StoredStep } from "./step-timeline";
import { decodeInput, decodeOutcome } from "./wire";

const SCAN_BUDGET = 5000;
const FINISHED: readonly RunStatus[] = ["completed", "failed", "cancelled"];

// The run list's name of each state of the run record's `st` (see `run-state.ts`).
const STATUS_OF: Readonly<Record<string, RunStatus>> = {
  queued: "waiting",
  running: "active",
  parked: "parked",
  ok: "completed",
  err: "failed",
  failed: "failed",
  cancelled: "cancelled",
};

const time = (value: number | Date | undefined, where: string): number | undefined => {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new TypeError(
      `WorkflowQueue.runs: option "${where}" must be a Date or epoch ms, got ${String(value)}`,
    );
  }
  return ms;
};

// A waiting run's reason to wait (its record's `wo`); none for a run in any other status.
const waitingOnOf = (status: string | null | undefined, wo: string | null | undefined) =>
  status === "waiting" && wo === "concurrency" ? ("concurrency" as const) : undefined;

const num = (text: string | null | undefined): number | undefined =>
  text === null || text === undefined ? undefined : Number(text);

/** @internal Checks a `runs()` filter; errors name the option. */
function checkFilter(filter: RunsFilter): void {
  if (filter.status !== undefined && !RUN_STATUSES.includes(filter.status)) {
    throw new TypeError(
      `WorkflowQueue.runs: option "status" must be one of ${RUN_STATUSES.join(", ")}, got ${String(filter.status)}`,
    );
  }
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(
      `WorkflowQueue.runs: option "limit" must be an integer from 1 to 1000, got ${String(limit)}`,
    );
  }
}

/** @internal The read side of the run list: pages of runs, one run in full, counts per status. */
export interface RunReader {
  runs(filter: RunsFilter): Promise<RunsPage>;
  run(runId: string): Promise<RunInfo<unknown, unknown, unknown> | undefined>;
  counts(): Promise<Record<RunStatus, number>>;
  versions(): Promise<Record<string, VersionCounts>>;
  /** The run's steps in the order they started (timeline and checkpoints merged). */
  steps(runId: string): Promise<RunStepInfo[]>;
}

/** @internal Reads the run-list indexes and run records of one queue. */
export function createRunReader(
  redis: RedisClient,
  keys: QueueKeys,
  jobQueue: (record: Readonly<Record<string, string>>) => Queue<RunJobData>,
  checkpointer: RunCheckpointer | undefined,
  checkpointId: (runId: string) => string,
  runTtl: number,
): RunReader {
  const recordPrefix = keys.record("");
  const recordBase = recordPrefix.slice(0, recordPrefix.length - jobIdOf("").length);

  const stepsOf = async (
    fields: Record<string, string>,
    runId: string,
    compensations: readonly RunCompensationInfo[],
  ): Promise<RunStepInfo[]> => {
    const steps = new Map<string, RunStepInfo>();
    const sequence = new Map<string, number>();
    for (const [field, text] of Object.entries(fields)) {
      if (!field.startsWith(STEP_FIELD)) continue;
      const key = field.slice(STEP_FIELD.length);
      const stored = JSON.parse(text) as StoredStep;
      if (stored.q !== undefined) sequence.set(key, stored.q);
      steps.set(key, {
        key,
        name: key,
        status: stored.ok === 1 ? "completed" : "failed",
        startedAt: stored.s,
        durationMs: stored.d,
        errorType: stored.e,
        errorMessage: stored.m,
      });
    }
    const state: ResumeState | undefined = await checkpointer?.load(checkpointId(runId));
    for (const key of state?.steps.keys() ?? []) {
      if (steps.has(key)) continue;
      steps.set(key, {
        key,
        name: key,
        status: "cached",
        startedAt: undefined,
        durationMs: undefined,
        errorType: undefined,
        errorMessage: undefined,
      });
    }
    // A step is undone by a compensation that succeeded after it started (a retry that ran it
    // again afterwards leaves it completed).
    for (const compensation of compensations) {
      if (compensation.status !== "completed") continue;
      for (const key of compensation.stepKeys) {
        const step = steps.get(key);
        if (step !== undefined && (step.startedAt ?? 0) <= compensation.startedAt) {
          step.status = "compensated";
        }
      }
    }
    // By start; steps that started in the same millisecond by their number within the attempt.
    return [...steps.values()].sort(
      (a, b) =>
        (a.startedAt ?? Number.NEGATIVE_INFINITY) - (b.startedAt ?? Number.NEGATIVE_INFINITY) ||
        (sequence.get(a.key) ?? 0) - (sequence.get(b.key) ?? 0),
    );
  };

  return {
    async runs(filter) {
      checkFilter(filter);
      const set =
        filter.errorType !== undefined
          ? `${keys.index}:e:${filter.errorType}`
          : filter.parkedOn !== undefined
            ? `${keys.index}:p:${filter.parkedOn}`
            : filter.status !== undefined
              ? `${keys.index}:s:${filter.status}`
              : `${keys.index}:all`;
      const since = time(filter.since, "since");
      const until = time(filter.until, "until");
      let cursorScore = "";
      let cursorMember = "";
      if (filter.cursor !== undefined) {
        const at = filter.cursor.indexOf("~");
        cursorScore = filter.cursor.slice(0, at);
        cursorMember = filter.cursor.slice(at + 1);
        if (at < 1 || !Number.isFinite(Number(cursorScore))) {
          throw new TypeError(
            `WorkflowQueue.runs: option "cursor" is not a cursor this queue gave, got ${filter.cursor}`,
          );
        }
      }
      const reply = (await runScript(
        redis,
        RUNS_PAGE,
        [set],
        [
          recordBase,
          until ?? "+inf",
          since ?? "-inf",
          cursorScore,
          cursorMember,
          filter.limit ?? 50,
          filter.status ?? "",
          filter.errorType ?? "",
          filter.parkedOn ?? "",
          SCAN_BUDGET,
        ],
      )) as Array<string | null>;
      const [nextScore, nextMember] = reply;
      const runs: RunsPage["runs"] = [];
      for (let i = 2; i < reply.length; i += 7) {
        runs.push({
          runId: runIdOf(reply[i] ?? ""),
          updatedAt: Number(reply[i + 1]),
          status: reply[i + 2] as RunStatus,
          errorType: reply[i + 3] ?? undefined,
          parkedOn: reply[i + 4] ?? undefined,
          createdAt: num(reply[i + 5]),
          waitingOn: waitingOnOf(reply[i + 2], reply[i + 6]),
        });
      }
      const cursor =
        nextScore === null || nextScore === undefined
          ? undefined
          : `${nextScore}~${nextMember ?? ""}`;
      return { runs, cursor };
    },

    async run(runId) {
      const jobId = jobIdOf(runId);
      const fields = await redis.hgetall(keys.record(runId));
      const job = await jobQueue(fields).getJob(jobId);
      if (fields.st === undefined && job === undefined) return undefined;
      const input = job === undefined ? undefined : decodeInput(job.data.input);
      const park =
        fields.pm === undefined ? undefined : (JSON.parse(fields.pm) as Partial<RunParkedOn>);
      const status = STATUS_OF[fields.st ?? "queued"] ?? "waiting";
      const compensations = compensationsOf(fields);
      return {
        runId,
        status,
        input: input?.ok ? input.value : undefined,
        attempts: Math.max(0, (job?.attemptsStarted ?? 0) - Number(fields.w ?? 0)),
        version: fields.v,
        createdAt: num(fields.ca) ?? job?.timestamp,
        startedAt: num(fields.sa) ?? job?.processedOn,
        updatedAt: num(fields.ua),
        finishedAt: num(fields.fa) ?? job?.finishedOn,
        parkedOn:
          status === "parked" && fields.po !== undefined
            ? { on: fields.po, until: park?.until, stepKey: park?.stepKey }
            : undefined,
        waitingOn: waitingOnOf(status, fields.wo),
        errorType: fields.et,
        outcome: fields.o === undefined ? undefined : decodeOutcome(fields.o),
        steps: await stepsOf(fields, runId, compensations),
        compensations,
      };
    },

    async counts() {
      const pipeline = redis.pipeline();
      // Finished runs past their retention leave the count with their records.
      if (runTtl > 0) {
        for (const status of FINISHED) {
          pipeline.zremrangebyscore(
            `${keys.index}:s:${status}`,
            "-inf",
            Date.now() - runTtl * 1000,
          );
        }
      }
      for (const status of RUN_STATUSES) pipeline.zcard(`${keys.index}:s:${status}`);
      const replies = ((await pipeline.exec()) ?? []).slice(runTtl > 0 ? FINISHED.length : 0);
      const counts = {} as Record<RunStatus, number>;
      RUN_STATUSES.forEach((status, i) => {
        counts[status] = Number(replies[i]?.[1] ?? 0);
      });
      return counts;
    },

    async versions() {
      const reply = (await runScript(redis, VERSIONS, [keys.index], [])) as (string | number)[];
      const versions: Record<string, VersionCounts> = {};
      for (let i = 0; i + 3 < reply.length; i += 4) {
        versions[String(reply[i])] = {
          waiting: Number(reply[i + 1]),
          active: Number(reply[i + 2]),
          parked: Number(reply[i + 3]),
        };
      }
      return versions;
    },

    steps: async (runId) => {
      const fields = await redis.hgetall(keys.record(runId));
      return stepsOf(fields, runId, compensationsOf(fields));
    },
  };
}
