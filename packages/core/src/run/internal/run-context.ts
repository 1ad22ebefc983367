import type { Clock } from "../../clock/clock";

/** The timer half of a Clock: what retry backoff and step timeouts wait on. */
export type Timers = Pick<Clock, "setTimeout" | "clearTimeout">;
import type { ScopeType, WorkflowEvent } from "../events";
import { StepKeyCollisionError } from "../misuse-errors";
import type { Running } from "./running";
import type { StepHooks } from "./step-hooks";
import type { AroundStep } from "../around-step";
import type { StepOrder } from "./step-order";

/** How step failures surface: decided once per run from the options (see `run`). */
export type RunMode = "strict" | "typed" | "wrap";

/** An open parallel/race/allSettled scope; `parent` is the scope open when it started. */
export interface Scope {
  id: string;
  type: ScopeType;
  parent: Scope | undefined;
  winnerId: string | undefined;
}

type AnyEvent = WorkflowEvent<unknown, unknown>;

type OnEvent = (event: AnyEvent, ctx: unknown) => void;
type OnError = (error: unknown, stepName: string | undefined, ctx: unknown) => void;

/**
 * The per-run state every step helper shares.
 *
 * A class, not an object literal, for the garbage collector: V8 may "pretenure" a literal's
 * allocation site after a burst of long-lived allocations (an app starting up, a large library
 * loading), and from then on every run's state is born in old space, dragging the young objects it
 * points to through each scavenge (the heap then grows until a full GC). Constructed objects are
 * not pretenured that way. Fields are `declare`d so the constructor's assignments are the only
 * emitted code.
 */
export class RunContext {
  declare readonly workflowId: string;
  declare readonly context: unknown;
  declare readonly onEvent: OnEvent | undefined;
  declare readonly onError: OnError | undefined;
  declare readonly catchUnexpected: ((cause: unknown) => unknown) | undefined;
  declare readonly mode: RunMode;
  /** The caller's cancellation signal; steps only look at it when it was given. */
  declare readonly signal: AbortSignal | undefined;
  /**
   * The timers retry backoff and step timeouts wait on: the `clock` option, else the global
   * timers, called as `globalThis` methods when they fire, so fake timers apply.
   */
  declare readonly timers: Timers;
  declare counter: number;
  /**
   * The run's clock anchor, read together once when someone listens: an event's `ts` is
   * `anchorWall + (performance.now() - anchorMono)`, so it does not follow wall-clock jumps
   * (NTP, manual changes) during the run, and each event reads one clock.
   */
  declare readonly anchorWall: number;
  declare readonly anchorMono: number;
  /**
   * The `performance` object seen when the run started, kept only when someone listens. Reading
   * the global costs a getter call in Node (as much as a third of a clock read); reading it once
   * per run still follows fake timers installed before the run, and spies on `performance.now`.
   * With a `clock` option, that clock (its `now()`) instead.
   */
  declare readonly clock: { now(): number } | undefined;
  /** Head of the list of step promises the body holds that have not settled (see running.ts). */
  declare running: Running | undefined;
  /** Unnamed, unobserved steps in flight: counted only, their handlers are shared. */
  declare unnamedRunning: number;
  /** Race scopes open now: steps started meanwhile are contenders, left running by design. */
  declare openRaces: number;
  /** Set while the run waits for steps still running after the body returned. */
  declare onSettled: (() => void) | undefined;
  /** Name of the first step that used each key (made on the first keyed step). */
  declare keyNames: Map<string, string | undefined> | undefined;
  /** A workflow's cache and step hooks; set by the workflow before its run starts, none for `run()`. */
  declare hooks: StepHooks | undefined;
  /** Runs each attempt of a step's operation (a tracer's active context); set like `hooks`. */
  declare aroundStep: AroundStep | undefined;
  /** The keyed-step order a workflow run records and checks; set with `hooks`, none for `run()`. */
  declare order: StepOrder | undefined;
  /** Innermost open scope; only tracked while someone listens (it only feeds events). */
  declare scope: Scope | undefined;
  /** Settlement handlers of unnamed, unobserved steps: made on the first one (see step-fast.ts). */
  declare onResult: ((result: unknown) => unknown) | undefined;
  declare onThrown: ((thrown: unknown) => never) | undefined;
  /** The first step failure while the body ran: the run ends with it even if the body goes on. */
  declare failure: { reason: unknown } | undefined;

  constructor(
    workflowId: string,
    context: unknown,
    onEvent: OnEvent | undefined,
    onError: OnError | undefined,
    catchUnexpected: ((cause: unknown) => unknown) | undefined,
    signal: AbortSignal | undefined,
    clock: Clock | undefined,
  ) {
    this.workflowId = workflowId;
    this.context = context;
    this.onEvent = onEvent;
    this.onError = onError;
    this.catchUnexpected = catchUnexpected;
    this.mode = catchUnexpected ? "strict" : onError ? "typed" : "wrap";
    this.signal = signal;
    this.timers = clock ?? globalThis;
    const mono = onEvent === undefined ? undefined : (clock ?? performance);
    this.clock = mono;
    this.anchorMono = mono === undefined ? 0 : mono.now();
    this.anchorWall = mono === undefined ? 0 : (clock ?? Date).now();
    this.counter = 0;
    this.running = undefined;
    this.unnamedRunning = 0;
    this.onSettled = undefined;
    this.openRaces = 0;
    this.keyNames = undefined;
    this.hooks = undefined;
    this.aroundStep = undefined;
    this.order = undefined;
    this.scope = undefined;
    this.onResult = undefined;
    this.onThrown = undefined;
    this.failure = undefined;
  }
}

/**
 * Records that `key` is used by a step called `name`, throwing `StepKeyCollisionError` when an
 * earlier step of this run used the same key under another name. A step without a name matches
 * any: reusing a key is how a step is replayed from the cache.
 */
export function claimKey(rc: RunContext, key: string, name: string | undefined): void {
  const names = (rc.keyNames ??= new Map<string, string | undefined>());
  const first = names.get(key);
  if (first === undefined) {
    names.set(key, name);
  } else if (name !== undefined && name !== first) {
    throw new StepKeyCollisionError(key, first, name);
  }
}

/** Private marker for "catchUnexpected itself threw": `run` rejects with `thrown`. */
const MAPPER_THREW: unique symbol = Symbol("catch-unexpected-threw");
export type MapperThrew = { [MAPPER_THREW]: true; thrown: unknown };
export const isMapperThrew = (e: unknown): e is MapperThrew =>
  typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[MAPPER_THREW] === true;

/** Maps an exception with `catchUnexpected`, marking a throw of the mapper so `run` can reject with it. */
export function mapUnexpected(rc: RunContext, thrown: unknown): unknown {
  try {
    return (rc.catchUnexpected as (cause: unknown) => unknown)(thrown);
  } catch (mapperError) {
    const marker: MapperThrew = { [MAPPER_THREW]: true, thrown: mapperError };
    throw marker;
  }
}
