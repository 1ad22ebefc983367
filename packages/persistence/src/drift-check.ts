import {
  checkDrift,
  type DriftBody,
  type DriftReport,
  type DriftRun,
  type DriftVerdict,
  type ResumeState,
} from "@awaitly/core";

/** Where saved runs are read from: a checkpointer's (or a `CheckpointIO`'s) `list` and `load`. */
export interface DriftRunSource {
  list(): Promise<string[]>;
  load(runId: string): Promise<ResumeState>;
}

/**
 * What an `awaitly-drift-check` module exports (as `default` or `drift`): the new code's body and
 * the runs to check it against, given as `runs` or read from `store`.
 */
export interface DriftCheckConfig<
  TStep = never,
  TDeps = never,
  TInput = unknown,
  TCtx = { workflowId: string },
> {
  /** The new code's workflow body, `(step, deps, input, ctx)`. Required. */
  body: DriftBody<TStep, TDeps, TInput, NoInfer<TCtx>>;
  /** The saved runs to check. Required unless `store` is given. */
  runs?: Iterable<DriftRun<TInput>> | AsyncIterable<DriftRun<TInput>> | undefined;
  /** Reads every run the store holds (`list`, then `load`). Required unless `runs` is given. */
  store?: DriftRunSource | undefined;
  /** A run's input, for bodies that read one (with `store`). Defaults to `undefined`. */
  input?: ((runId: string) => TInput | Promise<TInput>) | undefined;
  /**
   * Builds the body's fourth argument for each replay (`@awaitly/bullmq`'s `driftRunContext` for a
   * worker's body). Defaults to `{ workflowId }`.
   */
  context?: ((step: TStep, run: DriftRun<TInput>) => TCtx) | undefined;
  /** Called once the check is done, e.g. to close the store's connection. Defaults to none. */
  close?: (() => void | Promise<void>) | undefined;
}

/**
 * The saved runs of a store, as `checkDrift` reads them: each run id the store lists, with its
 * checkpoints and (when `input` is given) its input.
 * @example
 * const report = await checkDrift({ body, runs: driftRunsFrom(checkpointer) });
 */
export async function* driftRunsFrom<TInput = unknown>(
  store: DriftRunSource,
  input?: (runId: string) => TInput | Promise<TInput>,
): AsyncGenerator<DriftRun<TInput>> {
  for (const runId of await store.list()) {
    const state = await store.load(runId);
    yield input === undefined ? { runId, state } : { runId, state, input: await input(runId) };
  }
}

/** Runs the check a `DriftCheckConfig` describes, then its `close`. */
export async function runDriftCheck<TStep, TDeps, TInput, TCtx = { workflowId: string }>(
  config: DriftCheckConfig<TStep, TDeps, TInput, TCtx>,
): Promise<DriftReport> {
  if (typeof config !== "object" || config === null || typeof config.body !== "function") {
    throw new TypeError(
      "awaitly-drift-check: the module must export { body, runs } or { body, store } (as default or as `drift`)",
    );
  }
  const { body, runs, store, input, context, close } = config;
  if ((runs === undefined) === (store === undefined)) {
    throw new TypeError('awaitly-drift-check: give exactly one of "runs" and "store"');
  }
  try {
    return await checkDrift({
      body,
      runs: runs ?? driftRunsFrom(store as DriftRunSource, input),
      context,
    });
  } finally {
    await close?.();
  }
}

/** One line per run and a summary, as `awaitly-drift-check` prints them. */
export function formatDriftReport(report: DriftReport): string {
  const lines = report.runs.map((verdict) => `${verdict.runId}  ${describe(verdict)}`);
  const count = (status: DriftVerdict["status"]) =>
    report.runs.filter((v) => v.status === status).length;
  lines.push(
    `${report.runs.length} runs: ${count("compatible")} compatible, ${count("needs-patch")} need a patch, ` +
      `${report.drifted} diverge, ${count("unchecked")} unchecked`,
  );
  for (const [id, { oldPath }] of Object.entries(report.patches)) {
    lines.push(
      oldPath === 0
        ? `patch "${id}": no run takes its old path (retire it: remove the step.patched call and the old path)`
        : `patch "${id}": ${oldPath} run(s) still take its old path (keep it)`,
    );
  }
  return lines.join("\n");
}

function describe(verdict: DriftVerdict): string {
  switch (verdict.status) {
    case "compatible":
      return "compatible";
    case "needs-patch":
      return `compatible through the old path of ${verdict.patches.map((p) => `"${p}"`).join(", ")}`;
    case "diverges":
      return `diverges at keyed step ${verdict.index}: recorded "${verdict.recorded}", requested ${
        verdict.requested === undefined ? "nothing more" : `"${verdict.requested}"`
      }`;
    case "unchecked":
      return `unchecked: ${verdict.reason}`;
  }
}
