import {
  createWorkflow,
  decodeValue,
  err,
  hasType,
  isSuspended,
  isUnexpectedError,
  RunCancelledError,
  terminalStateOf,
  type AnyResultFn,
  type Result,
  type RunStep,
  type UnexpectedError,
  type WorkflowEvent,
} from "@awaitly/core";
import type { VirtualClock } from "../virtual-clock";
import { bodyOutcome } from "./body-outcome";
import { createCallHooks } from "./call-hooks";
import { statusOf, type Attempt, type Park, type RunRecord } from "./run-record";
import type { DurableWorkflowDefinition, TestWorkflowRun } from "./types";
import { createWaits } from "./waits";
import { readEntry, readOutcome, storeOutcome } from "./wire";

type AnyResult = Result<unknown, unknown, unknown>;
type Deps = Readonly<Record<string, AnyResultFn>>;

/** @internal The resolved options the engine runs with. */
export type EngineOptions = {
  readonly clock: VirtualClock;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly retryOn: ((error: unknown) => boolean) | undefined;
  readonly approvalRecheckMs: number;
  readonly crashRecoveryMs: number;
  readonly onEvent: ((event: WorkflowEvent<unknown, void>, runId: string) => void) | undefined;
  readonly onError: (error: Error) => void;
};

// Bugs in the workflow's code: a retry replays the same code, so the run fails at once.
const MISUSE_TYPES = ["FLOATING_STEP", "STEP_KEY_COLLISION", "WORKFLOW_DRIFT"] as const;

const thrownOf = (error: unknown): unknown =>
  isUnexpectedError(error) ? ((error.cause as { thrown?: unknown }).thrown ?? error.cause) : error;

const unexpected = (thrown: unknown): UnexpectedError => ({
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown },
});

const unsupported = (member: string): Error =>
  new TypeError(
    `run.${member}: child runs are not supported by createTestEnvironment; test a workflow that starts child runs on BullMQ (or move the child's work into steps)`,
  );

/** @internal The worker's processor, in memory: takes runs, parks, retries, crashes and settles them. */
export interface Engine {
  take(record: RunRecord): void;
  settle(record: RunRecord, result: AnyResult): void;
  /** Runs `record`'s next start at `at` (now or earlier: right away). */
  schedule(record: RunRecord, at: number, delayed: boolean): void;
  /** Replaces the definition later attempts run (a deploy). */
  deploy(definition: DurableWorkflowDefinition<unknown, unknown, unknown>): void;
}

/** @internal Creates the engine of one environment. */
export function createEngine(
  initial: DurableWorkflowDefinition<unknown, unknown, unknown>,
  options: EngineOptions,
  onSettled: (record: RunRecord) => void,
): Engine {
  const { clock, onError } = options;
  let definition = initial;
  const workflowOf = (deps: Deps) =>
    createWorkflow<Deps, Attempt>(
      deps,
      options.onEvent === undefined
        ? {}
        : {
            onEvent: (event: WorkflowEvent<unknown, Attempt>, attempt: Attempt) => {
              delete (event as { context?: unknown }).context;
              options.onEvent?.(event as WorkflowEvent<unknown, void>, attempt.runId);
            },
          },
    );
  let wf = workflowOf(definition.deps);

  const schedule = (record: RunRecord, at: number, delayed: boolean): void => {
    record.cancelTimer?.();
    record.delayed = delayed;
    let live = true;
    const start = () => {
      if (!live) return;
      live = false;
      record.cancelTimer = undefined;
      record.delayed = false;
      take(record);
    };
    // A job that may start now is taken at once, as a worker would; a later one waits on the clock.
    if (at <= clock.now()) {
      queueMicrotask(start);
      record.cancelTimer = () => void (live = false);
    } else {
      const timer = clock.setTimeout(start, at - clock.now());
      record.cancelTimer = () => {
        live = false;
        clock.clearTimeout(timer);
      };
    }
  };

  const settle = (record: RunRecord, result: AnyResult): void => {
    if (record.outcome !== undefined) return;
    // A cancel asked before the outcome is the run's outcome.
    const final = record.cancelAsked ? err(new RunCancelledError(record.runId)) : result;
    record.cancelTimer?.();
    record.cancelTimer = undefined;
    record.attempt = undefined;
    record.outcome = storeOutcome(final);
    record.state = terminalStateOf(readOutcome(record.outcome));
    record.status = statusOf(record.state);
    onSettled(record);
  };

  const park = (record: RunRecord, to: Park): void => {
    record.wakes += 1;
    if (record.outcome !== undefined) return;
    record.status = "parked";
    record.parkedOn = { on: to.on, until: to.until, stepKey: to.stepKey };
    // A wake that arrived while the run was still active wakes it at once.
    const woken = to.wakeField !== undefined && record.fields.has(to.wakeField);
    if (woken && to.consume) record.fields.delete(to.wakeField);
    if (!woken && to.wakeField?.startsWith("s:") === true) record.waitingFor = to.wakeField;
    schedule(record, woken ? clock.now() : to.until, true);
  };

  const retryOrFail = (record: RunRecord, result: AnyResult): void => {
    const made = record.attemptsMade + 1;
    if (made >= options.attempts) return settle(record, result);
    // BullMQ's exponential backoff: backoffMs, then twice that, and so on.
    record.attemptsMade = made;
    record.status = "waiting";
    schedule(record, clock.now() + Math.round(2 ** (made - 1) * options.backoffMs), true);
  };

  const finish = (record: RunRecord, attempt: Attempt, result: AnyResult): void => {
    if (attempt.unsupported !== undefined) {
      onError(attempt.unsupported);
      return settle(record, err(unexpected(attempt.unsupported)));
    }
    if (result.ok) return settle(record, result);
    const thrown = thrownOf(result.error);
    if (thrown instanceof Error && MISUSE_TYPES.some((type) => hasType(thrown, type))) {
      onError(thrown);
      return settle(record, result);
    }
    return isUnexpectedError(result.error) || (options.retryOn?.(result.error) ?? false)
      ? retryOrFail(record, result)
      : settle(record, result);
  };

  const crash = (record: RunRecord, attempt: Attempt): void => {
    attempt.dead = true;
    attempt.interrupt?.();
    record.crashAfter = undefined;
    record.attempt = undefined;
    // The run stays active (its lock held by a process that is gone) until it is taken again.
    schedule(record, clock.now() + options.crashRecoveryMs, false);
  };

  const execute = async (record: RunRecord, attempt: Attempt, number: number, resumed: boolean) => {
    const input = decodeValue(JSON.parse(record.input) as unknown, { root: "input" });
    if (!input.ok) return settle(record, err(unexpected(input.error)));
    let step: RunStep<unknown> | undefined;
    const waits = createWaits(record, attempt, () => step as RunStep<unknown>, clock, onError);
    const run: TestWorkflowRun & Record<"child" | "children", () => never> = {
      runId: record.runId,
      signal: attempt.controller.signal,
      attempt: number,
      idempotencyKey: (stepKey) => `${record.runId}:${stepKey}`,
      waitForSignal: waits.waitForSignal,
      sleep: waits.sleep,
      child: () => {
        throw (attempt.unsupported = unsupported("child"));
      },
      children: () => {
        throw (attempt.unsupported = unsupported("children"));
      },
    };
    // Called as a method, as the worker calls it.
    const current = definition as { body(...args: unknown[]): unknown };
    const running = wf(
      input.value,
      async (given, deps, value) => {
        step = given;
        return bodyOutcome(await current.body(given, deps, value, run));
      },
      {
        context: attempt,
        resumeState: resumed
          ? () => ({ steps: checkpointsOf(record), runId: record.runId })
          : undefined,
        ...createCallHooks(record, clock, crash),
        clock,
      },
    );
    // A cancel or a crash stops the wait at once, even for a step that ignores its signal.
    const result = await new Promise<AnyResult | undefined>((resolve, reject) => {
      attempt.interrupt = () => resolve(undefined);
      running.then(resolve, reject);
    });
    if (attempt.dead) return;
    record.attempt = undefined;
    if (attempt.cancelled) return settle(record, err(new RunCancelledError(record.runId)));
    if (attempt.parked !== undefined) return park(record, attempt.parked);
    if (result !== undefined && !result.ok && isSuspended(result.error)) {
      // Waiting for a person: `resume(runId)` wakes it, or it checks again after the recheck.
      const key = (result.error as { stepKey?: unknown }).stepKey;
      return park(record, {
        until: clock.now() + options.approvalRecheckMs,
        wakeField: "r",
        consume: true,
        on: "approval",
        stepKey: typeof key === "string" ? key : undefined,
      });
    }
    return finish(record, attempt, result as AnyResult);
  };

  const take = (record: RunRecord): void => {
    if (record.outcome !== undefined) return;
    record.attemptsStarted += 1;
    record.waitingFor = undefined;
    record.parkedOn = undefined;
    if (record.cancelAsked) return settle(record, err(new RunCancelledError(record.runId)));
    record.status = "active";
    const resumed = record.attemptsStarted > 1;
    // Waking from a park continues an attempt: only starts that were not wakes count.
    const number = resumed ? Math.max(1, record.attemptsStarted - record.wakes) : 1;
    const attempt: Attempt = {
      runId: record.runId,
      controller: new AbortController(),
      dead: false,
      cancelled: false,
      parked: undefined,
      unsupported: undefined,
      interrupt: undefined,
      stepStarts: new Map(),
    };
    record.attempt = attempt;
    execute(record, attempt, number, resumed).catch((error: unknown) => {
      // A failure of the environment itself (a checkpoint the codec refused): the run fails.
      if (attempt.dead) return;
      onError(error instanceof Error ? error : new Error(String(error)));
      settle(record, err(unexpected(error)));
    });
  };

  return {
    take,
    settle,
    schedule,
    deploy(next) {
      definition = next;
      wf = workflowOf(next.deps);
    },
  };
}

/** @internal A run's checkpoints, read back through the codec. */
export function checkpointsOf(record: RunRecord) {
  const steps = new Map<string, ReturnType<typeof readEntry>>();
  for (const [key, text] of record.checkpoints) steps.set(key, readEntry(text));
  return steps;
}
