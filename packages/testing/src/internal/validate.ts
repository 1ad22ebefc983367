/** Names a value in a configuration error message. */
export const describeValue = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;

/** Throws a RangeError/TypeError naming `name` unless `value` is a finite number. */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
}

const OUTCOME_TYPES = new Set(["ok", "err", "throw"]);

/** Rejects a scripted outcome whose `type` the harness would not know what to do with. */
export function assertOutcome(where: string, outcome: unknown): void {
  const type = (outcome as { type?: unknown } | null)?.type;
  if (typeof outcome !== "object" || outcome === null || !OUTCOME_TYPES.has(type as string)) {
    throw new TypeError(
      `${where}: an outcome must be { type: "ok" | "err" | "throw", ... } (use okOutcome, errOutcome or throwOutcome), got ${
        typeof outcome === "object" && outcome !== null
          ? `type ${describeValue(type)}`
          : describeValue(outcome)
      }`,
    );
  }
}
