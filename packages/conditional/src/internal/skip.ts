import type { WorkflowEvent } from "@awaitly/core";
import type { ConditionalContext, ConditionalOptions } from "../types";

/** @internal Reports a skipped operation to `ctx.onEvent`, synchronously, when there is a listener. */
export function emitSkip<C>(
  options: ConditionalOptions | undefined,
  ctx: ConditionalContext<C> | undefined,
): void {
  // Not collision-proof (timestamp + ~31 random bits): a correlation id, not a primary key.
  const decisionId = `decision_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const onEvent = ctx?.onEvent;
  if (!ctx || !onEvent) return;
  const event: WorkflowEvent<unknown, C> & { type: "step_skipped" } = {
    type: "step_skipped",
    workflowId: ctx.workflowId,
    stepKey: options?.key,
    name: options?.name,
    reason: options?.reason,
    decisionId,
    ts: Date.now(),
  };
  if (ctx.context !== undefined) event.context = ctx.context;
  onEvent(event);
}

/** @internal Rejects a non-function operation on either path, naming the helper and the value. */
export function assertOperation(helper: string, operation: unknown): void {
  if (typeof operation !== "function") {
    throw new TypeError(
      `${helper}: operation must be a function returning the value (e.g. () => step(…)), got ${describe(operation)}`,
    );
  }
}

/** @internal */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  switch (typeof value) {
    case "object":
      return "an object";
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}
