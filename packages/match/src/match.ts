import { exhaustive, orElse, orElseValue } from "./complete";
import { is, isOneOf } from "./guards";
import { tag, tags, when } from "./handlers";
import { matchValue } from "./match-value";

/**
 * The matcher toolkit under one name.
 *
 * @example
 * const label = Match.value(event).pipe(
 *   Match.tags({ Created: (e) => `new ${e.id}`, Deleted: () => "gone" }),
 * ).pipe(Match.exhaustive);
 */
export const Match = {
  value: matchValue,
  tag,
  tags,
  when,
  exhaustive,
  orElse,
  orElseValue,
  is,
  isOneOf,
} as const;
