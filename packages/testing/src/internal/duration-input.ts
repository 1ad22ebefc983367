import { isDuration, toMillis, type DurationType } from "@awaitly/core";
import { describeValue } from "./validate";

/** How long, for a virtual clock: ms as a number, a core `Duration`, or a string like `"1h 30m"`. */
export type DurationInput = number | string | DurationType;

const MS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
// One "<number><unit>" part; a string is one or more of them ("30d", "1h30m", "1.5h 10s").
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*/y;

/** @internal Milliseconds of a DurationInput; throws naming `where` for anything else or a negative. */
export function toMs(where: string, input: DurationInput): number {
  let ms: number;
  if (typeof input === "number") ms = input;
  else if (isDuration(input)) ms = toMillis(input);
  else if (typeof input === "string") ms = parseParts(where, input);
  else {
    throw new TypeError(
      `${where} must be ms, a Duration or a string like "30d" or "1h 30m", got ${describeValue(input)}`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${where} must be a finite duration ≥ 0, got ${describeValue(input)}`);
  }
  return ms;
}

function parseParts(where: string, text: string): number {
  const trimmed = text.trim();
  PART.lastIndex = 0;
  let total = 0;
  let parts = 0;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (match === null) break;
    total += Number(match[1]) * (MS_PER_UNIT[match[2] as string] as number);
    parts++;
  }
  if (parts === 0 || PART.lastIndex < trimmed.length) {
    throw new RangeError(
      `${where} must be a string like "30d", "1h 30m" or "500ms" (units ms, s, m, h, d, w), got ${JSON.stringify(text)}`,
    );
  }
  return total;
}
