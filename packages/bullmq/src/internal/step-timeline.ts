import { errorMessageOf, errorTypeOf, type Result } from "@awaitly/core";

/** @internal The record field prefix of a keyed step's timeline entry (`k:<step key>`). */
export const STEP_FIELD = "k:";

/** @internal A keyed step's timeline entry as its run record stores it (JSON). */
export type StoredStep = {
  /** Start (epoch ms). */
  s: number;
  /** Duration (ms). */
  d: number;
  /** Which keyed step of its attempt this was (1, 2…): orders steps that started in the same ms. */
  q?: number | undefined;
  /** `1` when the step succeeded, `0` when it failed. */
  ok: 0 | 1;
  /** The failure's `type` (or `name`), when it failed. */
  e?: string | undefined;
  /** The failure's message, when it has one. */
  m?: string | undefined;
};

/** @internal The stored form of a step that started at `startedAt` and ended with `result`. */
export function storedStep(
  startedAt: number,
  result: Result<unknown, unknown, unknown>,
  sequence?: number,
): string {
  const entry: StoredStep = { s: startedAt, d: Date.now() - startedAt, ok: result.ok ? 1 : 0 };
  if (sequence !== undefined) entry.q = sequence;
  if (!result.ok) {
    entry.e = errorTypeOf(result.error);
    entry.m = errorMessageOf(result.error);
  }
  return JSON.stringify(entry);
}
