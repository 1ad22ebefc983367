import { err, ok, stringifyValue, type Result, type WireEncodeError } from "@awaitly/core";
import { DEBOUNCE_ADD } from "../scripts/debounce-add-3.lua";
import type { DebounceOptions } from "../workflow-queue-types";
import { inputHash } from "./input-hash";
import type { QueueKeys } from "./keys";
import { nonNegativeInt, type RedisClient } from "./option-checks";
import { runScript } from "./run-script";
import type { StoredJob } from "./stored-job";

/** @internal What storing a debounced input needs of its queue. */
export type DebounceContext = {
  readonly redis: RedisClient;
  readonly keys: QueueKeys;
  readonly runTtl: number;
  readonly version: string | undefined;
  /** The job a worker adds for the batch's run if no caller does (job name, options, data). */
  readonly job: (key: string) => StoredJob;
};

/**
 * @internal Checks a `debounce` call and stores its input in the key's batch, with the batch's
 * claimed run and due time, in one script: from then on the run starts whatever happens to the
 * caller. Answers the batch's run id and start time.
 */
export async function addDebounced(
  ctx: DebounceContext,
  key: string,
  input: unknown,
  options: DebounceOptions,
): Promise<Result<{ runId: string; at: number }, WireEncodeError>> {
  const where = "WorkflowQueue.debounce";
  if (typeof key !== "string" || key === "") {
    throw new TypeError(`${where}: key must be a non-empty string, got ${String(key)}`);
  }
  const quietMs = nonNegativeInt(where, "quietMs", options.quietMs);
  const maxDelayMs =
    options.maxDelayMs === undefined
      ? Number.MAX_SAFE_INTEGER
      : nonNegativeInt(where, "maxDelayMs", options.maxDelayMs);
  const text = stringifyValue(input, { root: "input" });
  if (!text.ok) return err(text.error);
  const { keys } = ctx;
  const [runId, at] = (await runScript(
    ctx.redis,
    DEBOUNCE_ADD,
    [keys.debounce(key), keys.debounceDue, keys.index],
    [
      key,
      `debounce:${key}:${crypto.randomUUID()}`,
      Date.now(),
      quietMs,
      maxDelayMs,
      text.value,
      keys.records,
      keys.debounceInputs,
      ctx.runTtl,
      // A debounced run's job carries no input (its batch's inputs are read when it starts).
      inputHash(null),
      ctx.version ?? "",
      JSON.stringify(ctx.job(key)),
      ctx.version === undefined ? "0" : "1",
    ],
  )) as [string, number];
  return ok({ runId, at: Number(at) });
}
