import type { HookExecution } from "../../types";
import { ended, isNestedRun, startFresh, type EventOf, type IRState } from "./state";

type GateEvent = EventOf<
  "hook_should_run" | "hook_should_run_error" | "hook_before_start" | "hook_before_start_error"
>;

const hook = (
  type: HookExecution["type"],
  state: "success" | "error",
  event: { ts: number; durationMs: number },
  extra: Partial<HookExecution>,
): HookExecution => ({
  type,
  state,
  ts: event.ts,
  durationMs: event.durationMs,
  ...extra,
});

/** A shouldRun or onBeforeStart hook ran: held for the run it came from (it precedes the start). */
export function gateHook(s: IRState, event: GateEvent): void {
  // A nested run's gates are not drawn: the parent's are kept.
  if (isNestedRun(s, event.workflowId)) return;
  if (ended(s)) startFresh(s, event.workflowId);
  s.gateRunId = event.workflowId;
  const which =
    event.type === "hook_should_run" || event.type === "hook_should_run_error"
      ? "shouldRun"
      : "onBeforeStart";
  s.hooks[which] =
    event.type === "hook_should_run" || event.type === "hook_before_start"
      ? hook(which, "success", event, {
          context: { result: event.result, skipped: event.skipped },
        })
      : hook(which, "error", event, { error: event.error });
}

/** An onAfterStep hook ran for a step, by its key. */
export function afterStepHook(
  s: IRState,
  event: EventOf<"hook_after_step" | "hook_after_step_error">,
): void {
  const context = { stepKey: event.stepKey };
  s.hooks.onAfterStep.set(
    event.stepKey,
    event.type === "hook_after_step"
      ? hook("onAfterStep", "success", event, { context })
      : hook("onAfterStep", "error", event, { error: event.error, context }),
  );
}
