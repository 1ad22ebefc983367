/** A length of time as a plain, immutable-by-convention object. */
export interface Duration {
  readonly _tag: "Duration";
  readonly millis: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const make = (ms: number): Duration => ({ _tag: "Duration", millis: ms });

/** A duration of `ms` milliseconds. */
export function millis(ms: number): Duration {
  return make(ms);
}
/** A duration of `s` seconds. */
export function seconds(s: number): Duration {
  return make(s * 1000);
}
/** A duration of `m` minutes. */
export function minutes(m: number): Duration {
  return make(m * 60 * 1000);
}
/** A duration of `h` hours. */
export function hours(h: number): Duration {
  return make(h * 60 * 60 * 1000);
}
/** A duration of `d` days. */
export function days(d: number): Duration {
  return make(d * 24 * 60 * 60 * 1000);
}

/** The empty duration. */
export const zero: Duration = make(0);
/** A duration longer than any other. */
export const infinity: Duration = make(Infinity);

/** The duration in milliseconds. */
export function toMillis(duration: Duration): number {
  return duration.millis;
}
/** The duration in (fractional) seconds. */
export function toSeconds(duration: Duration): number {
  return duration.millis / MS_PER_SECOND;
}
/** The duration in (fractional) minutes. */
export function toMinutes(duration: Duration): number {
  return duration.millis / MS_PER_MINUTE;
}
/** The duration in (fractional) hours. */
export function toHours(duration: Duration): number {
  return duration.millis / MS_PER_HOUR;
}
/** The duration in (fractional) days. */
export function toDays(duration: Duration): number {
  return duration.millis / MS_PER_DAY;
}

/** `a + b`. */
export function add(a: Duration, b: Duration): Duration {
  return make(a.millis + b.millis);
}
/** `a - b`, never below zero. */
export function subtract(a: Duration, b: Duration): Duration {
  return make(Math.max(0, a.millis - b.millis));
}
/** `duration × factor` (no clamping). */
export function multiply(duration: Duration, factor: number): Duration {
  return make(duration.millis * factor);
}
/** `duration ÷ divisor` (no clamping; ÷0 gives `Infinity` or `NaN`). */
export function divide(duration: Duration, divisor: number): Duration {
  return make(duration.millis / divisor);
}

/** `a < b`. */
export function lessThan(a: Duration, b: Duration): boolean {
  return a.millis < b.millis;
}
/** `a <= b`. */
export function lessThanOrEqual(a: Duration, b: Duration): boolean {
  return a.millis <= b.millis;
}
/** `a > b`. */
export function greaterThan(a: Duration, b: Duration): boolean {
  return a.millis > b.millis;
}
/** `a >= b`. */
export function greaterThanOrEqual(a: Duration, b: Duration): boolean {
  return a.millis >= b.millis;
}
/** `a === b` by milliseconds. */
export function equals(a: Duration, b: Duration): boolean {
  return a.millis === b.millis;
}
/** The shorter duration (`a` on ties). */
export function min(a: Duration, b: Duration): Duration {
  return a.millis <= b.millis ? a : b;
}
/** The longer duration (`a` on ties). */
export function max(a: Duration, b: Duration): Duration {
  return a.millis >= b.millis ? a : b;
}
/** `duration` limited to `[minimum, maximum]` (`maximum` wins when the bounds cross). */
export function clamp(duration: Duration, minimum: Duration, maximum: Duration): Duration {
  return min(max(duration, minimum), maximum);
}

/** True for a zero-length duration. */
export function isZero(duration: Duration): boolean {
  return duration.millis === 0;
}
/** True for `infinity` (not for negative infinity). */
export function isInfinite(duration: Duration): boolean {
  return duration.millis === Infinity;
}
/** True for a positive, finite duration. */
export function isFinite(duration: Duration): boolean {
  return Number.isFinite(duration.millis) && duration.millis > 0;
}
/** True when `value` is a Duration object. */
export function isDuration(value: unknown): value is Duration {
  return (
    typeof value === "object" &&
    value !== null &&
    "_tag" in value &&
    value._tag === "Duration" &&
    "millis" in value &&
    typeof value.millis === "number"
  );
}

/** Human-readable form: `"1m 30s"`, `"500ms"`, `"∞"`; sub-second parts are dropped next to larger units. */
export function format(duration: Duration): string {
  const ms = duration.millis;
  if (ms === Infinity) return "∞";
  if (!(ms > 0)) return "0ms";
  const parts: string[] = [];
  const d = Math.floor(ms / MS_PER_DAY);
  const h = Math.floor((ms % MS_PER_DAY) / MS_PER_HOUR);
  const m = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const s = Math.floor((ms % MS_PER_MINUTE) / MS_PER_SECOND);
  const rest = ms % MS_PER_SECOND;
  if (d > 0) parts.push(`${d}d`);
  if (h > 0) parts.push(`${h}h`);
  if (m > 0) parts.push(`${m}m`);
  if (s > 0) parts.push(`${s}s`);
  if (rest > 0 && parts.length === 0) parts.push(`${rest}ms`);
  return parts.length > 0 ? parts.join(" ") : "0ms";
}

const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i;
const BY_UNIT: Record<string, (n: number) => Duration> = {
  ms: millis,
  s: seconds,
  m: minutes,
  h: hours,
  d: days,
};

/** Parses one number and unit (`"5s"`, `"1.5h"`, `"100ms"`); anything else gives `undefined`. */
export function parse(input: string): Duration | undefined {
  const match = PATTERN.exec(input.trim());
  if (!match) return undefined;
  const build = BY_UNIT[(match[2] ?? "").toLowerCase()];
  return build ? build(parseFloat(match[1] ?? "")) : undefined;
}

/** Every Duration function under one namespace: `Duration.seconds(5)`. */
export const Duration = {
  millis,
  seconds,
  minutes,
  hours,
  days,
  zero,
  infinity,
  toMillis,
  toSeconds,
  toMinutes,
  toHours,
  toDays,
  add,
  subtract,
  multiply,
  divide,
  lessThan,
  lessThanOrEqual,
  greaterThan,
  greaterThanOrEqual,
  equals,
  min,
  max,
  clamp,
  isZero,
  isInfinite,
  isFinite,
  isDuration,
  format,
  parse,
} as const;

export type { Duration as DurationType };
