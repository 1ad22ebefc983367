import type { ActiveRun, ActiveRuns } from "./active-runs";
import { duplicate, type RedisClient } from "./option-checks";

/** @internal The worker's one subscription to its queue's cancel channel. */
export interface CancelListener {
  /** True while the subscription is up and every cancel flag since it (re)started was read. */
  listening(): boolean;
  /** Reads the run's cancel flag from its record and stops the run if it is set. */
  recheck(run: ActiveRun): Promise<void>;
  /** Unsubscribes and closes the listener's connection. */
  close(): Promise<void>;
}

/**
 * @internal Subscribes (on a connection of its own, named after the channel) to the channel
 * `queue.cancel` publishes on when the run it cancels is active somewhere: `onCancel` stops it if
 * it runs here. The cancel flag in the run record is the durable part: a worker reads it when it
 * starts a run, and while this connection is down (a message published then is lost) each run
 * reads it after every checkpoint; once resubscribed, the flags of all active runs are read again.
 */
export function createCancelListener(
  redis: RedisClient,
  channel: string,
  record: (runId: string) => string,
  active: ActiveRuns,
  onError: (error: Error) => void,
): CancelListener {
  let up = false;
  let closed = false;
  const subscriber = duplicate(redis, { connectionName: channel });
  const stopIfFlagged = (run: ActiveRun, flag: string | null | undefined): void => {
    if (flag === "1") run.halt("cancelled");
  };
  const recheck = async (run: ActiveRun): Promise<void> => {
    stopIfFlagged(run, await redis.hget(record(run.runId), "x"));
  };
  const subscribe = async (): Promise<void> => {
    await subscriber.subscribe(channel);
    const runs = [...active.runs()];
    const flags = await Promise.all(runs.map((run) => redis.hget(record(run.runId), "x")));
    runs.forEach((run, i) => stopIfFlagged(run, flags[i]));
    if (!closed) up = true;
  };
  subscriber.on("error", onError);
  subscriber.on("close", () => {
    up = false;
  });
  subscriber.on("ready", () => {
    if (!closed) subscribe().catch(onError);
  });
  subscriber.on("message", (_channel: string, runId: string) => {
    active.stop(runId, "cancelled");
  });
  return {
    listening: () => up,
    recheck,
    close: () => {
      closed = true;
      up = false;
      return subscriber.quit().then(
        () => {},
        () => {},
      );
    },
  };
}
