const describe = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;

/** Checks saga options once, when the saga is created, so a typo fails before any step runs. */
export function validateSagaOptions(where: string, options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const name of ["onError", "onEvent", "aroundCompensation"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "function") {
      throw new TypeError(`${where}: options.${name} must be a function, got ${describe(o[name])}`);
    }
  }
  const flag = o["throwOnCompensationFailure"];
  if (flag !== undefined && typeof flag !== "boolean") {
    throw new TypeError(
      `${where}: options.throwOnCompensationFailure must be a boolean, got ${describe(flag)}`,
    );
  }
}

/** Names a value in a TypeError message. */
export const describeValue = describe;
