import { realClock, type DriftRun, type RunStep } from "@awaitly/core";
import type { WorkflowRun } from "./workflow-run";
import { ActiveRun } from "./internal/active-runs";
import { createChildRuns } from "./internal/child-runs";
import { queueKeys } from "./internal/keys";
import type { RedisClient } from "./internal/option-checks";
import { createRunWaits } from "./internal/parking";
import { RunHandle } from "./internal/run-handle";

/** Options of `queue.driftRuns`. */
export interface DriftRunsOptions {
  /**
   * Only runs enqueued with one of these versions: the ones the new workers will take (their
   * `version` and `compatibleVersions`). Defaults to every run in flight, with a version or without.
   */
  versions?: ReadonlyArray<string> | undefined;
}

// A replay never runs a step the record does not hold (core ends it first), so the waits and
// child runs below never reach Redis: this stands in for a connection they never use.
const NO_REDIS = new Proxy({} as RedisClient, {
  get: () => {
    throw new Error(
      "a drift check's replay reached Redis: a step ran that the record does not hold",
    );
  },
});

/**
 * The run a worker's body gets, for a drift check's replay (`checkDrift`'s and
 * `awaitly-drift-check`'s `context` option): `waitForSignal`, `sleep`, `child` and `children` are
 * the worker's own keyed steps, so a recorded wait replays its recorded answer and the first one
 * the record does not hold ends the replay, as any step does. `attempt` is 1; `signal` never aborts.
 * @example
 * const report = await checkDrift({ body, runs: queue.driftRuns(), context: driftRunContext });
 */
export function driftRunContext(step: unknown, run: DriftRun<unknown>): WorkflowRun {
  const { runId } = run;
  const handle: RunHandle = new RunHandle(
    new ActiveRun(runId, undefined as never),
    1,
    () =>
      createRunWaits(
        NO_REDIS,
        runId,
        "",
        () => step as RunStep<unknown>,
        () => {},
        realClock,
      ),
    () =>
      createChildRuns({
        redis: NO_REDIS,
        prefix: "",
        queue: "",
        keys: queueKeys("", ""),
        runTtl: 0,
        recheckMs: 0,
        clock: realClock,
        runId,
        step: () => step as RunStep<unknown>,
        waits: () => handle.waitsOf(),
      }),
  );
  handle.step = step as RunStep<unknown>;
  return handle;
}
