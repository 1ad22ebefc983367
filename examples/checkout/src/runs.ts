import type { KeyValueStore, ResumeState } from "@awaitly/core";
import { createStatePersistence } from "@awaitly/persistence";
import type { Order } from "./order";

export type RunStatus = "running" | "awaiting_approval" | "completed" | "failed";

/** What the service remembers about one checkout, as JSON in the store. */
export type RunRecord = {
  runId: string;
  order: Order;
  status: RunStatus;
  approvalKey?: string | undefined;
  /** The final value (completed) or error (failed / awaiting approval). */
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  /** One entry per invocation: the first run, then every resume. */
  invocations: { workflowId: string; startedAt: number; steps: string[] }[];
  /** Saga compensations that ran, in order (e.g. "reserve: undone"). */
  compensations: string[];
  createdAt: number;
  updatedAt: number;
};

/** A serialisable slice of a workflow event, enough to draw the run again later. */
export type StoredEvent = { invocation: number } & Record<string, unknown>;

/**
 * Everything durable about checkouts, on any `KeyValueStore` (a directory of files by default,
 * Redis when configured): run records, step checkpoints and the event log used for diagrams.
 */
export function createRunRepository(store: KeyValueStore) {
  // Run records, checkpoints and event logs expire a week after their last write.
  const ttl = 7 * 24 * 60 * 60;
  const checkpoints = createStatePersistence(store, "checkout:state:", { ttl });
  const recordKey = (runId: string) => `checkout:run:${runId}`;
  const eventsKey = (runId: string) => `checkout:events:${runId}`;
  const approvalKey = (key: string) => `checkout:approval-run:${key}`;

  return {
    checkpoints,
    async load(runId: string): Promise<RunRecord | undefined> {
      const raw = await store.get(recordKey(runId));
      return raw === null ? undefined : (JSON.parse(raw) as RunRecord);
    },
    async save(record: RunRecord): Promise<void> {
      await store.set(
        recordKey(record.runId),
        JSON.stringify({ ...record, updatedAt: Date.now() }),
        { ttl },
      );
      if (record.approvalKey) {
        await store.set(approvalKey(record.approvalKey), record.runId, { ttl });
      }
    },
    async runForApproval(key: string): Promise<string | undefined> {
      return (await store.get(approvalKey(key))) ?? undefined;
    },
    async appendEvents(runId: string, events: StoredEvent[]): Promise<void> {
      const previous = await this.loadEvents(runId);
      await store.set(eventsKey(runId), JSON.stringify([...previous, ...events]), { ttl });
    },
    async loadEvents(runId: string): Promise<StoredEvent[]> {
      const raw = await store.get(eventsKey(runId));
      return raw === null ? [] : (JSON.parse(raw) as StoredEvent[]);
    },
    async saveCheckpoint(runId: string, state: ResumeState): Promise<void> {
      await checkpoints.save(runId, state);
    },
    async loadCheckpoint(runId: string): Promise<ResumeState | undefined> {
      return checkpoints.load(runId);
    },
  };
}

export type RunRepository = ReturnType<typeof createRunRepository>;
