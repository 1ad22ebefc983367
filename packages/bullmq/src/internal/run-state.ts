import type { QueueKeys } from "./keys";
import { jobIdOf } from "./keys";
import type { RedisClient } from "./option-checks";
import { runScript } from "./run-script";
import { RUN_STATE } from "../scripts/run-state-2.lua";

/**
 * @internal Moves a run without an outcome into `active` or `waiting` (indexes and record in one
 * script) and answers its stored outcome and park/wake count, as the record holds them.
 */
export async function setRunState(
  options: { redis: RedisClient; keys: QueueKeys; runTtl: number },
  runId: string,
  status: "active" | "waiting",
): Promise<[string | null, string | null]> {
  const { redis, keys, runTtl } = options;
  return (await runScript(
    redis,
    RUN_STATE,
    [keys.record(runId), keys.index],
    [jobIdOf(runId), status, Date.now(), runTtl],
  )) as [string | null, string | null];
}
