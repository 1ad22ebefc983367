import { context, type Context, type Span } from "@opentelemetry/api";
import { AWAITLY_ATTRIBUTES as A } from "../attributes";
import { isUntraced } from "../tracing-switch";

/** @internal An open step span. */
/** @internal An open step span; `ctx` is the context its operation runs in (see `aroundStep`). */
export type StepSpan = { span: Span; ctx: Context; started: number; name: string | undefined };

/** @internal What the handler knows about one run while it has something open. */
export type RunState = {
  span: Span | undefined;
  /** A bare `run()`: no workflow events, so its state lives only while a step or scope is open. */
  bare: boolean;
  /** Nothing records this run's spans (no SDK, or sampled out): skip all span work. */
  dark: boolean | undefined;
  ctx: Context;
  scopes: { id: string; span: Span; ctx: Context }[];
  steps: Map<string, StepSpan>;
};

/**
 * @internal The open runs by workflow id. A workflow's state is dropped at its end event; a bare
 * run has none, so its state is dropped as soon as nothing of it is open (`release`): otherwise
 * every bare run would stay in the map for good.
 */
export function createRunRegistry() {
  const runs = new Map<string, RunState>();

  const endOpen = (state: RunState, ts: number) => {
    for (const step of state.steps.values()) {
      step.span.setAttribute(A.stepOutcome, "abandoned");
      step.span.end(ts);
    }
    state.steps.clear();
    for (const scope of state.scopes.splice(0).reverse()) scope.span.end(ts);
  };

  return {
    get: (workflowId: string) => runs.get(workflowId),
    /** Registers a workflow's state at its start event. */
    start(workflowId: string, state: Omit<RunState, "bare" | "scopes" | "steps">) {
      runs.set(workflowId, { ...state, bare: false, scopes: [], steps: new Map() });
    },
    /** Removes a workflow's state at its end event. */
    finish(workflowId: string): RunState | undefined {
      const state = runs.get(workflowId);
      runs.delete(workflowId);
      return state;
    },
    /** The run's state; a bare run's spans join whatever context is active at its first event. */
    runOf(workflowId: string): RunState {
      let state = runs.get(workflowId);
      if (!state) {
        const ctx = context.active();
        state = {
          span: undefined,
          bare: true,
          dark: isUntraced(ctx) ? true : undefined,
          ctx,
          scopes: [],
          steps: new Map(),
        };
        runs.set(workflowId, state);
      }
      return state;
    },
    /** Drops a bare run's state once it has no open step or scope. */
    release(workflowId: string, state: RunState) {
      if (state.bare && state.steps.size === 0 && state.scopes.length === 0) {
        runs.delete(workflowId);
      }
    },
    endOpen,
    activeSpans() {
      let workflows = 0;
      let scopes = 0;
      let steps = 0;
      for (const state of runs.values()) {
        if (state.span) workflows++;
        scopes += state.scopes.length;
        steps += state.steps.size;
      }
      return { workflows, scopes, steps };
    },
    endAll(now: number) {
      for (const state of runs.values()) {
        endOpen(state, now);
        state.span?.setAttribute(A.workflowOutcome, "abandoned");
        state.span?.end(now);
      }
      runs.clear();
    },
  };
}

/** @internal */
export type RunRegistry = ReturnType<typeof createRunRegistry>;
