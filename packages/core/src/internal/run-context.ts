import type { ScopeType, WorkflowEvent } from "../events";

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

/** The per-run state every step helper shares. */
export interface RunContext {
  workflowId: string;
  context: unknown;
  onEvent: ((event: AnyEvent, ctx: unknown) => void) | undefined;
  onError: ((error: unknown, stepName: string | undefined, ctx: unknown) => void) | undefined;
  catchUnexpected: ((cause: unknown) => unknown) | undefined;
  mode: RunMode;
  counter: number;
  /** Innermost open scope; only tracked while someone listens (it only feeds events). */
  scope: Scope | undefined;
  /**
   * Settlement handlers of unnamed fast-path steps, made on the first such step (see step-fast.ts).
   * Always present (maybe undefined) so every context keeps one shape.
   */
  fast:
    { onResult: (result: unknown) => unknown; onThrown: (thrown: unknown) => never } | undefined;
}

/** Delivers an event, adding the run's context when the event has none. */
export function emit(rc: RunContext, event: AnyEvent): void {
  if (rc.context !== undefined && event.context === undefined) event.context = rc.context;
  rc.onEvent?.(event, rc.context);
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

export const now = (): number => performance.now();
