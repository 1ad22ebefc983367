import type { Result, WorkflowEvent } from "@awaitly/core";
import type { StepInvocation, WorkflowSnapshot } from "./types";

/** A run's comparable record: invocations and events with times zeroed. */
export function createSnapshot(
  invocations: StepInvocation[],
  result: Result<unknown, unknown>,
  events?: WorkflowEvent<unknown>[],
): WorkflowSnapshot {
  return {
    invocations: invocations.map((inv) => ({ ...inv, timestamp: 0 })),
    result,
    events: events?.map((e) => ({ ...e, ts: 0 })),
    durationMs: invocations.reduce((sum, inv) => sum + (inv.durationMs ?? 0), 0),
  };
}

// A step that threw has no result: "no result", not "err" as in 1.0.0.
const okOrErr = (r: { ok: boolean } | undefined) =>
  r === undefined ? "no result" : r.ok ? "ok" : "err";

/** Differences between two snapshots: step count, names, keys, step outcomes and the final outcome. */
export function compareSnapshots(
  a: WorkflowSnapshot,
  b: WorkflowSnapshot,
): { equal: boolean; differences: string[] } {
  const differences: string[] = [];
  if (a.invocations.length !== b.invocations.length) {
    differences.push(`Invocation count: ${a.invocations.length} vs ${b.invocations.length}`);
  }
  for (let i = 0; i < Math.max(a.invocations.length, b.invocations.length); i++) {
    const x = a.invocations[i];
    const y = b.invocations[i];
    if (!x) {
      differences.push(`Step ${i}: missing in first snapshot`);
      continue;
    }
    if (!y) {
      differences.push(`Step ${i}: missing in second snapshot`);
      continue;
    }
    if (x.name !== y.name)
      differences.push(`Step ${i} name: "${String(x.name)}" vs "${String(y.name)}"`);
    if (x.key !== y.key)
      differences.push(`Step ${i} key: "${String(x.key)}" vs "${String(y.key)}"`);
    if (okOrErr(x.result) !== okOrErr(y.result))
      differences.push(`Step ${i} result: ${okOrErr(x.result)} vs ${okOrErr(y.result)}`);
  }
  if (a.result.ok !== b.result.ok)
    differences.push(`Final result: ${okOrErr(a.result)} vs ${okOrErr(b.result)}`);
  return { equal: differences.length === 0, differences };
}
