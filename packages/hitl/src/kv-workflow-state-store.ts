import {
  decodeEntry,
  decodeValue,
  encodeEntry,
  encodeValue,
  type KeyValueStore,
  type Result,
  type ResumeStateEntry,
  type WireDecodeError,
} from "@awaitly/core";
import { listKeys } from "./internal/list-keys";
import {
  DEFAULT_MAX_WORKFLOW_STATE_BYTES,
  orRefused,
  stringifyRunState,
} from "./workflow-state-serialize-error";
import {
  matchesList,
  type SavedWorkflowState,
  type WorkflowStateStore,
} from "./workflow-state-store";

/** Options of `createKVWorkflowStateStore`. */
export interface KVWorkflowStateStoreOptions {
  /** Prefix of every key written to the `KeyValueStore`. Defaults to `"awaitly:hitl-run:"`. */
  prefix?: string | undefined;
  /**
   * Seconds a saved (paused) run is kept after its latest save; the orchestrator deletes runs that
   * finish, so this bounds runs nobody resumes. `0` keeps them until deleted. Defaults to `2592000`
   * (30 days, past the orchestrator's 7-day default approval expiry).
   */
  ttlSeconds?: number | undefined;
  /** Largest saved run, in UTF-8 bytes of JSON; larger ones are refused with `WorkflowStateSerializeError`. `0` turns the limit off. Defaults to `10485760` (10 MiB). */
  maxStateBytes?: number | undefined;
}

/** Defaults of `createKVWorkflowStateStore`. */
export const DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS = {
  prefix: "awaitly:hitl-run:",
  ttlSeconds: 30 * 24 * 60 * 60,
  maxStateBytes: DEFAULT_MAX_WORKFLOW_STATE_BYTES,
} as const;

// `entries: 2` marks steps written through the wire codec's entry form (Error causes as name,
// message and stack; values tagged where JSON cannot carry them); runs saved before it hold raw
// entries, read as they are. `input` and `metadata` go through the codec too: plain JSON (all an
// older save could hold) decodes to itself.
type Stored = Omit<SavedWorkflowState, "resumeState"> & {
  resumeState: { steps: Array<[string, unknown]>; entries?: 2 };
};

const stepRoot = (key: string): string => `resumeState.steps.get(${JSON.stringify(key)})`;

function decoded<T>(result: Result<T, WireDecodeError>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * A `WorkflowStateStore` on any `KeyValueStore`: each run is one JSON value written with core's
 * wire codec (the resume state's Map becomes an entry list), so Dates, Maps, BigInts and Errors in
 * step results, inputs and metadata come back as they were; what the codec refuses (functions,
 * cycles…) rejects `save` with a `WorkflowStateSerializeError` naming its path.
 * @example
 * const workflowStateStore = createKVWorkflowStateStore(createRedisStore({ client: redis }));
 */
export function createKVWorkflowStateStore(
  kv: KeyValueStore,
  options: KVWorkflowStateStoreOptions = {},
): WorkflowStateStore {
  if (typeof kv !== "object" || kv === null || typeof kv.get !== "function") {
    throw new TypeError(
      `createKVWorkflowStateStore: kv must be a KeyValueStore, got ${kv === null ? "null" : typeof kv}`,
    );
  }
  const prefix = options.prefix ?? DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS.prefix;
  if (typeof prefix !== "string") {
    throw new TypeError(
      `createKVWorkflowStateStore: prefix must be a string, got ${String(prefix)}`,
    );
  }
  const ttl = options.ttlSeconds ?? DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS.ttlSeconds;
  if (typeof ttl !== "number" || !(Number.isFinite(ttl) && ttl >= 0)) {
    throw new RangeError(
      `createKVWorkflowStateStore: ttlSeconds must be a non-negative number (0 = keep), got ${String(ttl)}`,
    );
  }

  const maxState = options.maxStateBytes ?? DEFAULT_KV_WORKFLOW_STATE_STORE_OPTIONS.maxStateBytes;
  if (typeof maxState !== "number" || Number.isNaN(maxState) || maxState < 0) {
    throw new RangeError(
      `createKVWorkflowStateStore: maxStateBytes must be a non-negative number (0 = no limit), got ${String(maxState)}`,
    );
  }
  const maxStateBytes = maxState === 0 ? Infinity : maxState;

  const load = async (runId: string): Promise<SavedWorkflowState | undefined> => {
    const raw = await kv.get(prefix + runId);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as Stored;
    const encoded = stored.resumeState.entries === 2;
    const steps = stored.resumeState.steps.map(([key, entry]): [string, ResumeStateEntry] => [
      key,
      encoded ? decoded(decodeEntry(entry, { root: stepRoot(key) })) : (entry as ResumeStateEntry),
    ]);
    const state: SavedWorkflowState = { ...stored, resumeState: { steps: new Map(steps) } };
    if (stored.input !== undefined)
      state.input = decoded(decodeValue(stored.input, { root: "input" }));
    if (stored.metadata !== undefined) {
      state.metadata = decoded(decodeValue(stored.metadata, { root: "metadata" })) as Record<
        string,
        unknown
      >;
    }
    return state;
  };
  const loadAll = async (): Promise<SavedWorkflowState[]> => {
    const states: SavedWorkflowState[] = [];
    for (const key of await listKeys(kv, prefix)) {
      const state = await load(key.slice(prefix.length));
      if (state !== undefined) states.push(state);
    }
    return states.sort((a, b) => a.startedAt - b.startedAt || (a.runId < b.runId ? -1 : 1));
  };

  return {
    save: async (state) => {
      const { runId } = state;
      const stored: Stored = {
        ...state,
        resumeState: {
          steps: [...state.resumeState.steps].map(([key, entry]) => [
            key,
            orRefused(encodeEntry(entry, { root: stepRoot(key) }), runId),
          ]),
          entries: 2,
        },
        updatedAt: Date.now(),
      };
      if (state.input !== undefined)
        stored.input = orRefused(encodeValue(state.input, { root: "input" }), runId);
      if (state.metadata !== undefined) {
        stored.metadata = orRefused(
          encodeValue(state.metadata, { root: "metadata" }),
          runId,
        ) as Record<string, unknown>;
      }
      await kv.set(
        prefix + state.runId,
        stringifyRunState(stored, state.runId, maxStateBytes),
        ttl === 0 ? undefined : { ttl },
      );
    },
    load,
    delete: async (runId) => {
      await kv.delete(prefix + runId);
    },
    list: async (opts) => (await loadAll()).filter((s) => matchesList(s, opts)).map((s) => s.runId),
    findByPendingApproval: async (approvalKey) =>
      (await loadAll()).filter((s) => s.pendingApprovals.includes(approvalKey)).map((s) => s.runId),
  };
}
