import { isSuspended } from "@awaitly/core";
import type { CollectableEvent } from "@awaitly/visualize";
import type { RunDiff, RunStatus, StepDiff, WorkflowRun } from "./types";

type StepInfo = {
  name: string;
  key?: string | undefined;
  status: string;
  durationMs?: number | undefined;
  error?: unknown;
};

/** @internal Steps of a run by display name (last write wins). */
export function stepsOf(events: CollectableEvent[]): Map<string, StepInfo> {
  const steps = new Map<string, StepInfo>();
  for (const e of events) {
    if (e.type === "step_start") {
      const name = e.name || e.stepKey || e.stepId;
      steps.set(name, { name, key: e.stepKey, status: "running" });
    } else if (e.type === "step_success" || e.type === "step_error") {
      const name = e.name || e.stepKey || e.stepId;
      const step = steps.get(name);
      if (!step) continue;
      step.status =
        e.type === "step_success" ? "success" : isSuspended(e.error) ? "waiting" : "error";
      step.durationMs = e.durationMs;
      if (e.type === "step_error") step.error = e.error;
    } else if (e.type === "step_cache_hit") {
      const name = e.name || e.stepKey;
      steps.set(name, { name, key: e.stepKey, status: "cached" });
    } else if (e.type === "step_skipped") {
      const name = e.name || e.stepKey || "unknown";
      steps.set(name, { name, key: e.stepKey, status: "skipped" });
    }
  }
  return steps;
}

/** @internal A run's status from its outcome (`success`, and the error when it failed). */
export const outcomeStatus = (success: boolean | undefined, error: unknown): RunStatus =>
  success === undefined
    ? "running"
    : success
      ? "success"
      : isSuspended(error)
        ? "waiting"
        : "error";

/** @internal How `after` differs from `before`. */
export function diffRuns(before: WorkflowRun, after: WorkflowRun): RunDiff {
  const s1 = stepsOf(before.events);
  const s2 = stepsOf(after.events);
  const added: StepDiff[] = [];
  const removed: StepDiff[] = [];
  const changed: StepDiff[] = [];
  const unchanged: string[] = [];
  for (const [name, b] of s2) {
    const a = s1.get(name);
    if (!a) added.push({ step: name, type: "added", to: b.status });
    else if (a.status !== b.status)
      changed.push({ step: name, type: "status", from: a.status, to: b.status });
    else if (a.durationMs !== b.durationMs)
      changed.push({ step: name, type: "duration", from: a.durationMs, to: b.durationMs });
    else unchanged.push(name);
  }
  for (const [name, a] of s1)
    if (!s2.has(name)) removed.push({ step: name, type: "removed", from: a.status });
  const from = before.status;
  const to = after.status;
  return {
    added,
    removed,
    changed,
    unchanged,
    statusChange: from !== to ? { from, to } : undefined,
    durationChange:
      before.durationMs !== undefined && after.durationMs !== undefined
        ? after.durationMs - before.durationMs
        : undefined,
  };
}

/** A readable summary of a `RunDiff`. */
export function renderDiff(diff: RunDiff): string {
  const lines: string[] = [];
  if (diff.statusChange) lines.push(`Status: ${diff.statusChange.from} → ${diff.statusChange.to}`);
  if (diff.durationChange !== undefined)
    lines.push(`Duration: ${diff.durationChange >= 0 ? "+" : ""}${diff.durationChange}ms`);
  if (diff.added.length > 0)
    lines.push("\nAdded steps:", ...diff.added.map((d) => `  + ${d.step}`));
  if (diff.removed.length > 0)
    lines.push("\nRemoved steps:", ...diff.removed.map((d) => `  - ${d.step}`));
  if (diff.changed.length > 0)
    lines.push(
      "\nChanged steps:",
      ...diff.changed.map((d) => `  ~ ${d.step}: ${String(d.from)} → ${String(d.to)}`),
    );
  if (diff.unchanged.length > 0) lines.push(`\nUnchanged: ${diff.unchanged.length} steps`);
  return lines.join("\n");
}
