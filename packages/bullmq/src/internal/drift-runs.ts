import type { DriftRun } from "@awaitly/core";
import type { RunCheckpointer } from "../checkpointer";
import type { DriftRunsOptions } from "../drift-check";
import type { RunInfo, RunsFilter, RunsPage } from "../run-list";

// Runs that have not finished: the ones a new worker may resume. A finished run is resumed only by
// `retry`, which a check before that retry covers.
const IN_FLIGHT = ["waiting", "active", "parked"] as const;

/** @internal Each run in flight with its checkpoints and input, read page by page. */
export async function* driftRunsOf(
  reader: {
    runs(filter: RunsFilter): Promise<RunsPage>;
    run(runId: string): Promise<RunInfo<unknown, unknown, unknown> | undefined>;
  },
  checkpointer: RunCheckpointer | undefined,
  checkpointId: (runId: string) => string,
  options: DriftRunsOptions = {},
): AsyncGenerator<DriftRun<unknown>> {
  if (checkpointer === undefined) {
    throw new TypeError(
      "WorkflowQueue.driftRuns: the queue needs the workers' \"checkpointer\" option to read its runs' checkpoints",
    );
  }
  const { versions } = options;
  if (versions !== undefined && !Array.isArray(versions)) {
    throw new TypeError('WorkflowQueue.driftRuns: option "versions" must be an array of strings');
  }
  // A run that changes status while the pages are read may show in two of them: check it once.
  const seen = new Set<string>();
  for (const status of IN_FLIGHT) {
    let cursor: string | undefined;
    do {
      const page = await reader.runs({ status, cursor, limit: 500 });
      for (const { runId } of page.runs) {
        if (seen.has(runId)) continue;
        seen.add(runId);
        const info = await reader.run(runId);
        if (info === undefined) continue;
        if (versions !== undefined && !versions.includes(info.version ?? "")) continue;
        yield { runId, state: await checkpointer.load(checkpointId(runId)), input: info.input };
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
}
