import { assertOperation, emitSkip } from "./internal/skip";
import type { ConditionalContext, ConditionalOptions } from "./types";

// Two overloads per helper, as in awaitly 1.0.0: the first (a Promise) matches every call, so callers
// always `await`; at runtime a skip returns synchronously and a run returns what the operation returns.

/**
 * Runs `operation` when `condition` is truthy; otherwise skips it, emits `step_skipped` to
 * `ctx.onEvent` and returns `undefined`.
 *
 * @example
 * const receipt = await when(order.total > 0, () => step(() => charge(order)), { key: "charge" }, ctx);
 */
export function when<T, C = unknown>(
  condition: boolean,
  operation: () => T | Promise<T>,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): Promise<T | undefined>;
export function when<T, C = unknown>(
  condition: boolean,
  operation: () => T,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | undefined | Promise<T | undefined>;
export function when<T, C>(
  condition: boolean,
  operation: () => T,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | undefined {
  assertOperation("when", operation);
  if (condition) return operation();
  emitSkip(options, ctx);
  return undefined;
}

/** Runs `operation` when `condition` is falsy; otherwise skips it like `when`. */
export function unless<T, C = unknown>(
  condition: boolean,
  operation: () => T | Promise<T>,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): Promise<T | undefined>;
export function unless<T, C = unknown>(
  condition: boolean,
  operation: () => T,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | undefined | Promise<T | undefined>;
export function unless<T, C>(
  condition: boolean,
  operation: () => T,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | undefined {
  assertOperation("unless", operation);
  if (!condition) return operation();
  emitSkip(options, ctx);
  return undefined;
}

/** Runs `operation` when `condition` is truthy; otherwise skips it and returns `defaultValue` itself. */
export function whenOr<T, D, C = unknown>(
  condition: boolean,
  operation: () => T | Promise<T>,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): Promise<T | D>;
export function whenOr<T, D, C = unknown>(
  condition: boolean,
  operation: () => T,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | D | Promise<T | D>;
export function whenOr<T, D, C>(
  condition: boolean,
  operation: () => T,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | D {
  assertOperation("whenOr", operation);
  if (condition) return operation();
  emitSkip(options, ctx);
  return defaultValue;
}

/** Runs `operation` when `condition` is falsy; otherwise skips it and returns `defaultValue` itself. */
export function unlessOr<T, D, C = unknown>(
  condition: boolean,
  operation: () => T | Promise<T>,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): Promise<T | D>;
export function unlessOr<T, D, C = unknown>(
  condition: boolean,
  operation: () => T,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | D | Promise<T | D>;
export function unlessOr<T, D, C>(
  condition: boolean,
  operation: () => T,
  defaultValue: D,
  options?: ConditionalOptions,
  ctx?: ConditionalContext<C>,
): T | D {
  assertOperation("unlessOr", operation);
  if (!condition) return operation();
  emitSkip(options, ctx);
  return defaultValue;
}
