import { WorkflowDriftError } from "../../workflow/drift-error";
import type { ResumeStateEntry } from "../step-cache";
import type { RunContext } from "./run-context";

// The order in which a run's body asks for its keyed steps, recorded with each checkpoint (an
// entry's `order`) and checked when a resumed run asks again. "Together" is defined by what the
// run can see: a keyed step asked for while another step of the run is still running (a keyed
// one, an unkeyed one, a cache hit not yet handed back) or while a parallel/race/allSettled scope
// is open joins the group of what is running; one asked for when nothing runs starts a new group.
// So steps started in one synchronous turn, a scope's steps and overlapping steps compare as a set,
// and only steps the body asked for one after another are ordered. A group's `order` is the
// position of its first step in the run's sequence of distinct keyed steps.

/** @internal The key prefix of patch markers (`step.patched`): kept outside the order. */
export const PATCH_PREFIX = "@patch:";

type Recorded = { readonly key: string; readonly order: number };

/** @internal A resume state's entries, their `order` and `together` checked. */
export type LoadedOrder = ReadonlyMap<string, ResumeStateEntry>;

/** @internal The run's keyed-step order: the record it resumes and the order of its new steps. */
export class StepOrder {
  declare readonly runId: string | undefined;
  /** Recorded keys with an order, earliest group first. */
  declare readonly queue: readonly Recorded[];
  declare readonly recorded: ReadonlyMap<string, number>;
  /** Recorded keys saved without an order (older state): never checked, but still ahead of a patch. */
  declare readonly unordered: Set<string>;
  /** Position in `queue` of the earliest recorded key not asked for yet. */
  declare next: number;
  declare readonly asked: Set<string>;
  /** The order of each key this run asked for (what its checkpoint records). */
  declare readonly assigned: Map<string, number>;
  declare index: number;
  declare group: number;
  /** Set when a scope opened while nothing ran: its first keyed step starts a new group. */
  declare fresh: boolean;
  declare scopes: number;
  /** Why no further step may start (a drift, or the end of a replay); thrown by each one. */
  declare halted: unknown;
  /** Patches this run took the old path of (`step.patched` answered false). */
  declare readonly oldPaths: string[];
  /** Every patch the run asked about. */
  declare readonly patches: string[];
  /** A drift check's replay: a step that is not replayed from the record stops the run. */
  declare replay: boolean;
  /** Per recorded group, the group of this run in which its first recorded step was asked for. */
  declare readonly seen: Map<number, number>;
  /** New steps waiting for the end of their synchronous turn (see `askStep`). */
  declare readonly deferred: Map<string, { index: number; recorded: Recorded }>;

  constructor(loaded: LoadedOrder | undefined, runId: string | undefined) {
    const queue: Recorded[] = [];
    const recorded = new Map<string, number>();
    this.unordered = new Set();
    if (loaded !== undefined) {
      for (const [key, { order }] of loaded) {
        if (key.startsWith(PATCH_PREFIX)) continue;
        if (order === undefined) {
          this.unordered.add(key);
          continue;
        }
        queue.push({ key, order });
        recorded.set(key, order);
      }
      // Stores usually load entries in the order they were written: sort only when they are not.
      if (queue.some((r, i) => i > 0 && r.order < (queue[i - 1] as Recorded).order)) {
        queue.sort((a, b) => a.order - b.order);
      }
    }
    this.seen = new Map();
    this.deferred = new Map();
    this.runId = runId;
    this.queue = queue;
    this.recorded = recorded;
    this.next = 0;
    this.asked = new Set();
    this.assigned = new Map();
    this.index = 0;
    this.group = 0;
    this.fresh = false;
    this.scopes = 0;
    this.halted = undefined;
    this.oldPaths = [];
    this.patches = [];
    this.replay = false;
  }
}

const busy = (rc: RunContext, order: StepOrder): boolean =>
  rc.running !== undefined || rc.unnamedRunning > 0 || order.scopes > 0;

// The earliest recorded step not asked for yet, or undefined when every one was.
function expected(order: StepOrder): Recorded | undefined {
  const { queue, asked } = order;
  while (order.next < queue.length && asked.has((queue[order.next] as Recorded).key)) order.next++;
  return queue[order.next];
}

function drift(
  rc: RunContext,
  order: StepOrder,
  index: number,
  recorded: string,
  requested: string | undefined,
): WorkflowDriftError {
  const error = new WorkflowDriftError({
    runId: order.runId,
    workflowId: rc.workflowId,
    index,
    recorded,
    requested,
  });
  order.halted = error;
  return error;
}

/**
 * @internal The body asks for keyed step `key`: gives it its place in the order and throws a
 * `WorkflowDriftError` when the record contradicts it (a recorded step of an earlier group was
 * not asked for yet, or a step the record does not hold comes before recorded ones). Called before
 * the cache is read, so a divergent step neither replays nor runs. Returns true when the answer
 * waits for the end of the synchronous turn (`confirmStep`): a new step that may belong to the
 * next recorded group, whose recorded steps the same turn may still ask for.
 */
export function askStep(rc: RunContext, order: StepOrder, key: string): boolean {
  if (key.startsWith(PATCH_PREFIX)) {
    order.assigned.set(key, order.group);
    return false;
  }
  if (order.asked.has(key)) return false;
  order.asked.add(key);
  const unordered = order.unordered.size > 0 && order.unordered.delete(key);
  const index = order.index++;
  if (order.fresh || !busy(rc, order)) {
    order.group = index;
    order.fresh = false;
  }
  const { group } = order;
  order.assigned.set(key, group);
  const at = order.recorded.get(key);
  if (at !== undefined && order.seen.get(at) === undefined) order.seen.set(at, group);
  const next = expected(order);
  if (next === undefined || unordered) return false;
  if (at !== undefined) {
    if (at > next.order) throw drift(rc, order, index, next.key, key);
    return false;
  }
  // A step the record does not hold, with recorded steps still ahead. Orders count positions: a
  // position before the next recorded group that holds no recorded step had a step that failed,
  // was running when the run stopped or was invalidated, and any step may take it.
  if (index < next.order) return false;
  // Otherwise it may only join the set of
  // the next recorded group (a step of it that never finished, or one added to it). Joined when
  // this group of the run already asked for one of that group's recorded steps; else decided once
  // the turn is over, since the same turn may still ask for them (`Promise.all([new, recorded])`).
  if (order.seen.get(next.order) === group) return false;
  order.deferred.set(key, { index, recorded: next });
  return true;
}

/**
 * @internal The synchronous turn that asked for a deferred new step is over: it may run if a
 * recorded step of the next recorded group was asked for in its group of this run (it joined
 * that set); else it came before recorded steps, and the run drifted there.
 */
export function confirmStep(rc: RunContext, order: StepOrder, key: string): void {
  if (order.halted !== undefined) throw order.halted;
  const waiting = order.deferred.get(key);
  if (waiting === undefined) return;
  order.deferred.delete(key);
  const { recorded } = waiting;
  if (order.seen.get(recorded.order) === order.assigned.get(key)) return;
  throw drift(rc, order, waiting.index, recorded.key, key);
}

/**
 * @internal The body returned: a recorded step it never asked for is a drift (the run's record
 * says the work was done, the code no longer does it). Returns the error, if any.
 */
export function finishOrder(rc: RunContext, order: StepOrder): unknown {
  if (order.halted !== undefined) return order.halted;
  const next = expected(order);
  return next === undefined ? undefined : drift(rc, order, order.index, next.key, undefined);
}

/** @internal True while recorded steps wait to be asked for: the run is still on its old path. */
export function hasRecordedAhead(order: StepOrder): boolean {
  return expected(order) !== undefined || order.unordered.size > 0;
}

/** @internal A scope opens: steps asked for inside it are one group. */
export function openScopeOrder(rc: RunContext, order: StepOrder): void {
  if (!busy(rc, order)) order.fresh = true;
  order.scopes++;
}

/** @internal A scope closed. */
export function closeScopeOrder(order: StepOrder): void {
  if (--order.scopes === 0) order.fresh = false;
}
