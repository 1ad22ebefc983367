import {
  createWorkflow,
  err,
  isSuspended,
  isUnexpectedError,
  type AnyResultFn,
  type Result,
  RunCancelledError,
} from "@awaitly/core";
import { UnrecoverableError, WaitingError, type Job } from "bullmq";
import { RunDeadlineError } from "../errors";
import { START_RUN } from "../scripts/start-run-2.lua";
import type { ActiveRun, ActiveRuns } from "./active-runs";
import { bodyOutcome } from "./body-outcome";
import { createChildRuns, type ChildRuns } from "./child-runs";
import type { FairDispatcher } from "./fair-dispatch";
import type { CancelListener } from "./cancel-listener";
import { JobLock } from "./job-lock";
import { misuseOf } from "./misuse";
import { annexOf, createRunCallHooks } from "./run-call-hooks";
import { storedCompensation } from "./compensations";
import { withStepDeadline } from "./step-deadline";
import { jobIdOf, runIdOf, type RunJobData } from "./keys";
import { createRunTracer, engineEventOptions } from "./run-tracer";
import { createWaitTracer } from "./wait-tracer";
import type { OutcomeStore } from "./outcome-store";
import { createRunWaits, parkRun, type Park, type RunWaits } from "./parking";
import { DEBOUNCE_TAKE } from "../scripts/debounce-take-2.lua";
import { RunHandle } from "./run-handle";
import type { ResolvedWorkerOptions } from "./resolve-options";
import { runScript } from "./run-script";
import { requeueRun } from "./requeue-run";
import { STEP_FIELD } from "./step-timeline";
import { decodeInput } from "./wire";

/** @internal A BullMQ processor that runs one workflow run per job. */
export type RunProcessor = (job: Job<RunJobData>, token: string | undefined) => Promise<unknown>;

/**
 * @internal The processor of a worker's jobs. One workflow instance serves every run: a run's
 * checkpoint hooks, resume state and stop check are options of its own call. After the call the
 * run is parked, handed back, retried or settled.
 */
export function createRunProcessor<
  Deps extends Readonly<Record<string, AnyResultFn>>,
  TInput,
  TValue,
>(
  options: ResolvedWorkerOptions<Deps, TInput, TValue>,
  active: ActiveRuns,
  cancels: CancelListener,
  outcomes: OutcomeStore,
  fair: FairDispatcher,
): RunProcessor {
  const { redis, keys, runTtl, checkpointer, workflow, retryOn, onEvent, onError, clock } = options;
  const { stepTimeoutMs, runTimeoutMs } = options;
  // The call's context is the run, so the worker's `onEvent` can tell runs apart; it is the
  // engine's, not the user's: events look as without one.
  const waitTracer = options.tracing === undefined ? undefined : createWaitTracer(options.tracing);
  const wf = createWorkflow<Deps, ActiveRun>(
    options.deps,
    engineEventOptions(onEvent, options.tracing, waitTracer),
  );
  const traced =
    options.tracing === undefined
      ? undefined
      : createRunTracer(options.tracing, options, waitTracer);
  // A done step's timeline entry rides on its checkpoint's script when the checkpointer can carry
  // it (fenced with it: a worker that lost the run writes neither); a failed step's is written
  // beside, not waited for: it is for people reading. A compensation is waited for, so the run's
  // outcome never shows before it.
  const annexed = checkpointer.annexes === true;
  const hooks = createRunCallHooks(
    active,
    (run) => (cancels.listening() ? undefined : cancels.recheck(run)),
    {
      annexed,
      step: (run, stepKey, entry) => {
        redis.hset(keys.record(run.runId), `${STEP_FIELD}${stepKey}`, entry).catch(onError);
      },
      compensation: (run, compensation) =>
        redis
          .hset(keys.record(run.runId), ...storedCompensation(compensation))
          .then(() => {}, onError),
    },
  );
  const makeWaits = (handle: RunHandle): RunWaits =>
    createRunWaits(
      redis,
      handle.runId,
      keys.record(handle.runId),
      () => handle.step!,
      onError,
      clock,
      options.tracing,
    );

  const makeChildren = (handle: RunHandle): ChildRuns =>
    createChildRuns({
      redis,
      prefix: options.prefix,
      queue: options.name,
      keys,
      runTtl,
      recheckMs: options.childRecheckMs,
      clock,
      runId: handle.runId,
      step: () => handle.step!,
      waits: () => handle.waitsOf(),
    });

  // A run with a concurrency key gives its slot up while parked (unless `parkedRunsHoldSlot`).
  const park = async (job: Job<RunJobData>, token: string, runId: string, to: Park) => {
    const key = job.data.concurrencyKey;
    if (key !== undefined) {
      if (options.parkedRunsHoldSlot) await fair.hold(job.id ?? "", key, to.until);
      else await fair.release(job.id ?? "", key);
    }
    return parkRun(redis, job, token, keys, runTtl, waitTracer?.parking(runId, to) ?? to);
  };

  // A debounced run's input is its batch's inputs; a batch that got inputs after the job's delay
  // was set starts later (the run parks until then).
  const debouncedInput = async (job: Job<RunJobData>, runId: string, key: string) => {
    const [taken, value] = (await runScript(
      redis,
      DEBOUNCE_TAKE,
      [keys.debounce(key), keys.debounceDue],
      [runId, clock.now(), `${keys.debounceInputs}${runId}`, key],
    )) as [number, string | string[]];
    if (Number(taken) === 0) return { until: Number(value) };
    return { input: (value as string[]).map((text) => JSON.parse(text) as unknown) };
  };

  const execute = async (job: Job<RunJobData>, token: string, run: ActiveRun) => {
    const { runId } = run;
    const fairKey = job.data.concurrencyKey;
    if (fairKey !== undefined && !(await fair.acquire(job.id ?? "", fairKey))) {
      // Woken without a free slot: gated until the dispatcher promotes it, first in its key's line.
      return parkRun(redis, job, token, keys, runTtl, GATED(clock.now()));
    }
    const lockKey = keys.lock(job.id ?? "");
    const resumed = job.attemptsStarted > 1 || job.data.retry === true;
    // The record tells whether the run already has an outcome (a previous attempt stored it and
    // died, or a cancel ended it while it waited) and whether a cancel was asked: a cancel is
    // durable, whichever worker takes the run.
    const [stored, cancelFlag, wakes] = (await runScript(
      redis,
      START_RUN,
      [keys.record(runId), keys.index],
      [jobIdOf(runId), Date.now()],
    )) as [string | null, string | null, string | null];
    if (stored !== null) return JSON.parse(stored) as unknown;
    if (cancelFlag === "1") {
      return outcomes.settle(job, lockKey, token, err(new RunCancelledError(runId)));
    }
    // Waking from a park continues an attempt: only starts that were not wakes count.
    const attempt = resumed ? Math.max(1, job.attemptsStarted - Number(wakes ?? 0)) : 1;
    let data = job.data.input;
    if (job.data.debounce !== undefined) {
      const taken = await debouncedInput(job, runId, job.data.debounce);
      if (taken.until !== undefined) {
        const { until } = taken;
        return parkRun(redis, job, token, keys, runTtl, {
          until,
          keepMs: until - clock.now(),
          wakeField: undefined,
          consume: false,
          on: "debounce",
        });
      }
      data = taken.input;
    }
    const input = decodeInput(data);
    // Data no codec version can read will not read better on a retry: the run ends with it.
    if (!input.ok) return outcomes.settle(job, lockKey, token, input);
    run.checkpoints = checkpointer.forRun(options.checkpointId(runId), {
      fence: new JobLock(run, lockKey, token),
      annex: annexed ? annexOf(run, keys.record(runId)) : undefined,
    });
    const handle = new RunHandle(run, attempt, makeWaits, makeChildren);
    const running = wf(
      input.value as TInput,
      async (step, deps, value) => {
        handle.step = step;
        const seen = stepTimeoutMs === 0 ? step : withStepDeadline(step, run, stepTimeoutMs);
        return bodyOutcome(await workflow(seen, deps, value, handle));
      },
      {
        context: run,
        // The first start has nothing to resume: no load, one round trip less per run.
        resumeState: resumed ? run.checkpoints.resumeState : undefined,
        onBeforeStep: hooks.onBeforeStep,
        onAfterStep: hooks.onAfterStep,
        onStepInvalidated: hooks.onStepInvalidated,
        onStepCompensation: hooks.onStepCompensation,
        clock,
      },
    );
    // A cancel or a lost lock stops the wait at once, even for a step that ignores its signal.
    const result = await run.untilStopped(running);

    const parked = handle.parked;
    if (parked !== undefined && run.stop === undefined) {
      return park(job, token, runId, parked);
    }
    if (result !== undefined && !result.ok && isSuspended(result.error) && run.stop === undefined) {
      // Waiting for a person: park without a slot. `queue.resume` promotes the job; a resume
      // that came while this run was still active left its flag, consumed here.
      const recheck = options.approvalRecheckMs;
      return park(job, token, runId, {
        until: clock.now() + recheck,
        keepMs: recheck,
        wakeField: "r",
        consume: true,
        on: "approval",
        stepKey: approvalKeyOf(result.error),
      });
    }
    switch (run.stop) {
      case "lock-lost":
        // Another worker owns the run now (or the stalled check will hand it on): walk away.
        throw new WaitingError();
      case "handoff":
        await requeueRun(options, runId);
        await job.moveToWait(token);
        throw new WaitingError();
      case "cancelled":
        return outcomes.settle(job, lockKey, token, err(new RunCancelledError(runId)));
      case "deadline":
        // A deadline that passed would pass again on a retry: the run ends with it.
        onError(run.deadline as Error);
        return outcomes.settle(job, lockKey, token, err(run.deadline));
      default:
    }
    return finish(job, lockKey, token, result as Result<unknown, unknown, unknown>);
  };

  // A business error completes the job; a throw (or an error `retryOn` names) is retried by
  // BullMQ, and on the last attempt fails the job with the outcome kept in the run record.
  const finish = (
    job: Job<RunJobData>,
    lockKey: string,
    token: string,
    result: Result<unknown, unknown, unknown>,
  ): unknown => {
    if (result.ok) return outcomes.settle(job, lockKey, token, result);
    const misuse = misuseOf(result.error);
    if (misuse !== undefined) return fail(job, lockKey, token, misuse, result, true);
    return isUnexpectedError(result.error) || (retryOn?.(result.error as never) ?? false)
      ? fail(job, lockKey, token, result.error, result, false)
      : outcomes.settle(job, lockKey, token, result);
  };

  // A misuse (a bug in the workflow's code) fails the run at once, reported to `onError`: a
  // retry would replay its checkpoints and could complete it with a wrong value.
  const fail = async (
    job: Job<RunJobData>,
    lockKey: string,
    token: string,
    error: unknown,
    result: Result<unknown, unknown, unknown>,
    misuse: boolean,
  ): Promise<never> => {
    const lastAttempt = misuse || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // The last attempt's failure is the run's outcome (a cancel asked before it wins).
    if (lastAttempt) await outcomes.settle(job, lockKey, token, result);
    else await requeueRun(options, runIdOf(job.id ?? ""));
    if (!misuse) throw asError(error);
    const cause = asError(error);
    onError(cause);
    throw new UnrecoverableError(`${cause.name}: ${cause.message}`);
  };

  return async (job, token) => {
    const jobId = job.id ?? "";
    if (token === undefined) {
      throw new Error(`createWorkflowWorker: BullMQ gave job ${jobId} no lock token`);
    }
    const runId = runIdOf(jobId);
    const run = active.start(runId, job);
    const deadline =
      runTimeoutMs === 0
        ? undefined
        : setTimeout(() => run.expire(new RunDeadlineError(runId, runTimeoutMs)), runTimeoutMs);
    try {
      return await (traced === undefined
        ? execute(job, token, run)
        : traced(job, runId, () => execute(job, token, run)));
    } finally {
      clearTimeout(deadline);
      active.end(runId);
    }
  };
}

const GATED = (now: number): Park => ({
  until: now + 10 * 365 * 24 * 3600 * 1000,
  keepMs: 0,
  wakeField: undefined,
  consume: false,
  on: "concurrency",
  waiting: true,
});

/** The step key of a `PendingApproval` (hitl's suspended marker carries it), if any. */
function approvalKeyOf(error: unknown): string | undefined {
  const key = (error as { stepKey?: unknown }).stepKey;
  return typeof key === "string" ? key : undefined;
}

function asError(error: unknown): Error {
  const cause = isUnexpectedError(error)
    ? ((error.cause as { thrown?: unknown }).thrown ?? error.cause)
    : error;
  if (cause instanceof Error) return cause;
  return new Error(`Workflow run failed: ${JSON.stringify(error)}`, { cause: error });
}
