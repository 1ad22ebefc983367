import { REQUEUE_RUN } from "../scripts/requeue-run-1.lua";
import { jobIdOf, type QueueKeys } from "./keys";
import type { RedisClient } from "./option-checks";
import { runScript } from "./run-script";

/**
 * @internal Puts a run without an outcome back to `queued` (record and run-list indexes in one
 * script): a closing worker handed it back, or it waits for its next attempt.
 */
export async function requeueRun(
  options: { redis: RedisClient; keys: QueueKeys },
  runId: string,
): Promise<void> {
  await runScript(
    options.redis,
    REQUEUE_RUN,
    [options.keys.record(runId), options.keys.index],
    [jobIdOf(runId), Date.now()],
  );
}
