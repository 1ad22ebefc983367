import { duplicate, type RedisClient } from "./option-checks";

/** @internal The worker's one subscription to its queue's cancel channel. */
export interface CancelListener {
  /** True when a cancel for `runId` arrived in the last minute (before its run started here). */
  readonly cancelledRecently: (runId: string) => boolean;
  /** Unsubscribes and closes the listener's connection. */
  close(): Promise<void>;
}

const REMEMBER_MS = 60_000;

/**
 * @internal Subscribes (on a connection of its own) to the channel `queue.cancel` publishes on
 * when the run it cancels is active somewhere: `onCancel` stops it if it runs here. Cancels are
 * also remembered for a minute, for a run that starts here just after its cancel was published.
 */
export function createCancelListener(
  redis: RedisClient,
  channel: string,
  onCancel: (runId: string) => void,
  onError: (error: Error) => void,
): CancelListener {
  const recent = new Map<string, number>();
  const subscriber = duplicate(redis);
  subscriber.on("error", onError);
  void subscriber.subscribe(channel).catch(onError);
  subscriber.on("message", (_channel: string, runId: string) => {
    const now = Date.now();
    // Insertion order is arrival order: the oldest entries come first.
    for (const [id, at] of recent) {
      if (now - at <= REMEMBER_MS) break;
      recent.delete(id);
    }
    recent.delete(runId);
    recent.set(runId, now);
    onCancel(runId);
  });
  return {
    cancelledRecently: (runId) => recent.has(runId),
    close: () =>
      subscriber.quit().then(
        () => {},
        () => {},
      ),
  };
}
