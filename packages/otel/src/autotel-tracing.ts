/** A `trace`-style function (as the `autotel` library exports) running `fn` inside a named span. */
export type AutotelTraceFn = <T>(
  name: string,
  fn: (ctx: { setAttribute: (key: string, value: unknown) => void }) => T | Promise<T>,
) => T | Promise<T>;

/**
 * Wraps a `trace`-style function: `traced(name, fn, attributes)` runs `fn` in the span
 * `${serviceName}.${name}` with the attributes set first. Always returns a Promise.
 */
export function withAutotelTracing(
  traceFn: AutotelTraceFn,
  options?: { serviceName?: string | undefined },
): <T>(
  name: string,
  fn: () => T | Promise<T>,
  attributes?: Record<string, string | number | boolean>,
) => Promise<T> {
  if (typeof traceFn !== "function") {
    throw new TypeError(`withAutotelTracing: traceFn must be a function, got ${typeof traceFn}`);
  }
  const serviceName = options?.serviceName ?? "workflow";
  return async (name, fn, attributes) =>
    traceFn(`${serviceName}.${name}`, async (ctx) => {
      if (attributes)
        for (const [key, value] of Object.entries(attributes)) ctx.setAttribute(key, value);
      return fn();
    });
}
