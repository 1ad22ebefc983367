// awaitly/duration: the whole Duration module, as named exports and as the `Duration` namespace.
import { Duration } from "@awaitly/core";

export type { DurationType } from "@awaitly/core";
export { Duration } from "@awaitly/core";
export const {
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
} = Duration;
