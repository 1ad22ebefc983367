import type { WorkflowEvent, WorkflowOptions } from "@awaitly/core";
import { DelayedError, WaitingError, type Job } from "bullmq";
import type { RunAttemptInfo, RunAttemptOutcome, RunLink, RunTracing } from "@awaitly/core";
import { NOTE_ATTEMPT } from "../scripts/note-attempt-1.lua";
import type { ActiveRun } from "./active-runs";
import type { RunJobData } from "./keys";
import type { ResolvedQueueBase } from "./resolve-options";
import { runScript } from "./run-script";
import { carrierFieldOf, readCarrier } from "./trace-carrier";
import type { WaitTracer } from "./wait-tracer";

// The record field holding the running attempt's span context until the attempt ends: found by
// the next delivery, it means that attempt's process died before it could say so.
const ATTEMPT_FIELD = "ta";

const outcomeOf = (thrown: unknown): RunAttemptOutcome =>
  thrown instanceof DelayedError
    ? "parked"
    : thrown instanceof WaitingError
      ? "handed-over"
      : "failed";

function readLost(text: string | null | undefined): RunAttemptInfo["lost"] {
  const carrier = readCarrier(text);
  if (carrier === undefined || text === null || text === undefined) return undefined;
  const { delivery, startedAt } = JSON.parse(text) as { delivery?: unknown; startedAt?: unknown };
  return typeof delivery === "number" && typeof startedAt === "number"
    ? { carrier, delivery, startedAt }
    : undefined;
}

/** @internal Runs one delivery of a run's job as a traced attempt. */
export type RunTracer = <T>(
  job: Job<RunJobData>,
  runId: string,
  body: () => Promise<T>,
) => Promise<T>;

/**
 * @internal The worker's side of tracing: each delivery of a run's job is an attempt span, child
 * of the enqueuer's context; the attempt's own context waits in the run record until it ends, so
 * the next delivery after a crash reports the lost attempt and links to it.
 */
export function createRunTracer(
  tracing: RunTracing,
  { redis, keys, runTtl, name }: ResolvedQueueBase,
  waits: WaitTracer | undefined,
): RunTracer {
  return async (job, runId, body) => {
    const parent = job.data.trace;
    if (parent === false) return tracing.suppress(body);
    const record = keys.record(runId);
    const deliveredAt = Date.now();
    let lost: RunAttemptInfo["lost"];
    let park: string | null | undefined;
    const links: RunLink[] = [];
    if (job.attemptsStarted > 1) {
      const fields = [ATTEMPT_FIELD, carrierFieldOf("r"), ...(waits === undefined ? [] : ["pm"])];
      const [attempt, resume, parkDetail] = await redis.hmget(record, ...fields);
      park = parkDetail;
      lost = readLost(attempt);
      const carrier = readCarrier(resume);
      if (carrier !== undefined) {
        links.push({ kind: "resume", carrier });
        await redis.hdel(record, carrierFieldOf("r"));
      }
    }
    const delivery = job.attemptsStarted;
    const span = tracing.startAttempt({
      runId,
      queue: name,
      workflowName: job.name,
      delivery,
      parent: parent ?? undefined,
      lost,
      links,
    });
    const { carrier } = span;
    if (carrier !== undefined) {
      const note = JSON.stringify({ ...carrier, delivery, startedAt: Date.now() });
      await runScript(redis, NOTE_ATTEMPT, [record], [runTtl, ATTEMPT_FIELD, note]);
    }
    waits?.woke(runId, name, park, deliveredAt);
    try {
      const value = await span.run(body);
      waits?.settled(runId, false);
      span.end("completed");
      return value;
    } catch (thrown) {
      const outcome = outcomeOf(thrown);
      waits?.settled(runId, outcome !== "parked");
      span.end(outcome, thrown);
      throw thrown;
    } finally {
      if (carrier !== undefined) await redis.hdel(record, ATTEMPT_FIELD).catch(() => 0);
    }
  };
}

/**
 * @internal The event and step options of the worker's one workflow: the user's `onEvent` (given
 * the run id, events without the engine's context) and the tracing hook's listener and step wrapper.
 */
export function engineEventOptions(
  onEvent: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined,
  tracing: RunTracing | undefined,
  waits: WaitTracer | undefined,
): Pick<WorkflowOptions<unknown, ActiveRun>, "onEvent" | "aroundStep"> {
  if (onEvent === undefined && tracing === undefined) return {};
  return {
    onEvent: (event: WorkflowEvent<unknown, ActiveRun>, run: ActiveRun) => {
      delete (event as { context?: unknown }).context;
      tracing?.handleEvent(event);
      waits?.onEvent(event, run.runId);
      onEvent?.(event as WorkflowEvent<unknown, void>, run.runId);
    },
    ...(tracing === undefined ? {} : { aroundStep: tracing.aroundStep }),
  };
}
