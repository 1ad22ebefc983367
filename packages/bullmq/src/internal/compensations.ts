import { errorMessageOf, errorTypeOf, type StepCompensation } from "@awaitly/core";
import type { RunCompensationInfo } from "../run-list";

/** @internal The record field prefix of a compensation (`c:<start>:<number>`). */
export const COMPENSATION_FIELD = "c:";

/** @internal A compensation as its run record stores it (JSON). */
type StoredCompensation = {
  /** The undone step's name. */
  n?: string | undefined;
  /** The keys of the keyed steps it undid. */
  k: string[];
  /** Start (epoch ms). */
  s: number;
  /** Duration (ms). */
  d: number;
  /** `1` when it succeeded, `0` when it failed. */
  ok: 0 | 1;
  /** The failure's `type` (or `name`), when it failed. */
  e?: string | undefined;
  /** The failure's message, when it has one. */
  m?: string | undefined;
};

// Process-wide: two compensations of one run that start in the same millisecond keep both fields.
let written = 0;

/** @internal The record field and value of a compensation that ran. */
export function storedCompensation(compensation: StepCompensation): [string, string] {
  const stored: StoredCompensation = {
    n: compensation.name,
    k: [...compensation.stepKeys],
    s: compensation.startedAt,
    d: compensation.durationMs,
    ok: compensation.ok ? 1 : 0,
  };
  if (!compensation.ok) {
    stored.e = errorTypeOf(compensation.error);
    stored.m = errorMessageOf(compensation.error);
  }
  written = (written + 1) % 1_000_000;
  return [`${COMPENSATION_FIELD}${compensation.startedAt}:${written}`, JSON.stringify(stored)];
}

/** @internal The compensations of a run record's fields, in the order they started. */
export function compensationsOf(fields: Record<string, string>): RunCompensationInfo[] {
  const found: Array<[string, RunCompensationInfo]> = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!field.startsWith(COMPENSATION_FIELD)) continue;
    const stored = JSON.parse(text) as StoredCompensation;
    found.push([
      field,
      {
        name: stored.n,
        stepKeys: stored.k,
        status: stored.ok === 1 ? "completed" : "failed",
        startedAt: stored.s,
        durationMs: stored.d,
        errorType: stored.e,
        errorMessage: stored.m,
      },
    ]);
  }
  const order = (field: string) => Number(field.slice(field.lastIndexOf(":") + 1));
  return found
    .sort(([fa, a], [fb, b]) => a.startedAt - b.startedAt || order(fa) - order(fb))
    .map(([, compensation]) => compensation);
}
