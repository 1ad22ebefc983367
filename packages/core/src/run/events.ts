import type { StepFailureMeta } from "./early-exit";
import type { Result } from "../result/result";

/** The kinds of concurrent scopes a step can open. */
export type ScopeType = "parallel" | "race" | "allSettled";

type Base<C> = { workflowId: string; ts: number; context?: C | undefined };
type StepIds = { stepId: string; stepKey?: string | undefined; name?: string | undefined };

/** Everything a run or workflow reports through `onEvent`, discriminated by `type`. */
export type WorkflowEvent<E, C = unknown> =
  | ({ type: "workflow_start" } & Base<C>)
  | ({ type: "workflow_success"; durationMs: number } & Base<C>)
  | ({ type: "workflow_error"; durationMs: number; error: E } & Base<C>)
  | ({ type: "step_start" } & StepIds & Base<C>)
  | ({ type: "step_success"; durationMs: number } & StepIds & Base<C>)
  | ({ type: "step_error"; durationMs: number; error: E } & StepIds & Base<C>)
  | ({ type: "step_aborted"; durationMs: number } & StepIds & Base<C>)
  | ({
      type: "step_complete";
      stepKey: string;
      name?: string | undefined;
      durationMs: number;
      result: Result<unknown, unknown, unknown>;
      meta?: StepFailureMeta | undefined;
      /** The step's place in the order the body asked for keyed steps (`ResumeStateEntry.order`). */
      order?: number | undefined;
    } & Base<C>)
  | ({ type: "step_cache_hit"; stepKey: string; name?: string | undefined } & Base<C>)
  | ({ type: "step_cache_miss"; stepKey: string; name?: string | undefined } & Base<C>)
  | ({ type: "step_invalidated"; stepKey: string } & Base<C>)
  | ({
      type: "step_skipped";
      stepKey?: string | undefined;
      name?: string | undefined;
      reason?: string | undefined;
      decisionId?: string | undefined;
    } & Base<C>)
  | ({
      type: "scope_start";
      scopeId: string;
      scopeType: ScopeType;
      name?: string | undefined;
    } & Base<C>)
  | ({
      type: "scope_end";
      scopeId: string;
      durationMs: number;
      winnerId?: string | undefined;
    } & Base<C>)
  | ({
      type: "step_retry";
      attempt: number;
      maxAttempts: number;
      delayMs: number;
      error: E;
    } & StepIds &
      Base<C>)
  | ({
      type: "step_retries_exhausted";
      durationMs: number;
      attempts: number;
      lastError: E;
    } & StepIds &
      Base<C>)
  | ({ type: "step_timeout"; timeoutMs: number; attempt?: number | undefined } & StepIds & Base<C>)
  | ({ type: "hook_should_run"; durationMs: number; result: boolean; skipped: boolean } & Base<C>)
  | ({ type: "hook_should_run_error"; durationMs: number; error: E } & Base<C>)
  | ({ type: "hook_before_start"; durationMs: number; result: boolean; skipped: boolean } & Base<C>)
  | ({ type: "hook_before_start_error"; durationMs: number; error: E } & Base<C>)
  | ({ type: "hook_after_step"; stepKey: string; durationMs: number } & Base<C>)
  | ({ type: "hook_after_step_error"; stepKey: string; durationMs: number; error: E } & Base<C>);
