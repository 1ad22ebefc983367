import { describe } from "./internal/skip";
import { unless, unlessOr, when, whenOr } from "./conditional";
import type { ConditionalContext, ConditionalOptions } from "./types";

/**
 * Binds `when`/`unless`/`whenOr`/`unlessOr` to a context (e.g. a `createWorkflow` callback's `ctx`)
 * so skip events reach its `onEvent` with its `workflowId` and `context`.
 *
 * @example
 * await workflow(async (step, deps, ctx) => {
 *   const { when } = createConditionalHelpers(ctx);
 *   await when(user.wantsEmail, () => step(() => deps.sendEmail(user)), { name: "email" });
 * });
 */
export function createConditionalHelpers<C = unknown>(
  ctx: ConditionalContext<C>,
): {
  when: <T>(
    condition: boolean,
    operation: () => T | Promise<T>,
    options?: ConditionalOptions,
  ) => T | undefined | Promise<T | undefined>;
  unless: <T>(
    condition: boolean,
    operation: () => T | Promise<T>,
    options?: ConditionalOptions,
  ) => T | undefined | Promise<T | undefined>;
  whenOr: <T, D>(
    condition: boolean,
    operation: () => T | Promise<T>,
    defaultValue: D,
    options?: ConditionalOptions,
  ) => T | D | Promise<T | D>;
  unlessOr: <T, D>(
    condition: boolean,
    operation: () => T | Promise<T>,
    defaultValue: D,
    options?: ConditionalOptions,
  ) => T | D | Promise<T | D>;
} {
  if (typeof ctx !== "object" || ctx === null) {
    throw new TypeError(
      `createConditionalHelpers: ctx must be an object { workflowId, onEvent?, context? }, got ${describe(ctx)}`,
    );
  }
  if (ctx.onEvent !== undefined && typeof ctx.onEvent !== "function") {
    throw new TypeError(
      `createConditionalHelpers: ctx.onEvent must be a function or undefined, got ${describe(ctx.onEvent)}`,
    );
  }
  // `ctx` is read on every call, so later changes to ctx.onEvent/ctx.context apply.
  return {
    when: (condition, operation, options) => when(condition, operation, options, ctx),
    unless: (condition, operation, options) => unless(condition, operation, options, ctx),
    whenOr: (condition, operation, defaultValue, options) =>
      whenOr(condition, operation, defaultValue, options, ctx),
    unlessOr: (condition, operation, defaultValue, options) =>
      unlessOr(condition, operation, defaultValue, options, ctx),
  };
}
