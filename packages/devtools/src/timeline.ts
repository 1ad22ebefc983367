import { isSuspended } from "@awaitly/core";
import type { CollectableEvent } from "@awaitly/visualize";
import type { TimelineEntry } from "./types";

/** @internal Step entries relative to `startTime` (ms). */
export function buildTimeline(events: CollectableEvent[], startTime: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const rel = (ts: number) => ts - startTime;
  for (const e of events) {
    if (e.type === "step_start") {
      entries.push({
        name: e.name || e.stepKey || e.stepId,
        key: e.stepKey,
        startMs: rel(e.ts),
        status: "running",
      });
    } else if (e.type === "step_success" || e.type === "step_error") {
      const name = e.name || e.stepKey || e.stepId;
      const entry = entries.find((x) => x.name === name && x.status === "running");
      if (!entry) continue;
      entry.endMs = rel(e.ts);
      entry.durationMs = e.durationMs;
      entry.status =
        e.type === "step_success" ? "success" : isSuspended(e.error) ? "waiting" : "error";
      if (e.type === "step_error") entry.error = e.error;
    } else if (e.type === "step_invalidated") {
      // `step.invalidate`: the step's work was undone (a saga compensation).
      let entry: TimelineEntry | undefined;
      for (let i = entries.length - 1; i >= 0 && !entry; i--)
        if (entries[i]!.key === e.stepKey) entry = entries[i];
      if (entry && (entry.status === "success" || entry.status === "cached"))
        entry.compensated = true;
    } else if (e.type === "step_cache_hit" || e.type === "step_skipped") {
      const name =
        e.type === "step_cache_hit" ? e.name || e.stepKey : e.name || e.stepKey || "unknown";
      entries.push({
        name,
        key: e.stepKey,
        startMs: rel(e.ts),
        endMs: rel(e.ts),
        durationMs: 0,
        status: e.type === "step_cache_hit" ? "cached" : "skipped",
      });
    }
  }
  return entries;
}

const CHARS: Record<string, string> = {
  success: "█",
  error: "░",
  running: "▒",
  cached: "▓",
  skipped: "·",
  waiting: "╌",
};

/** @internal A text Gantt chart of timeline entries (bars clamped to 40 columns). */
export function formatTimeline(entries: TimelineEntry[]): string {
  if (entries.length === 0) return "No timeline data";
  const maxEnd = Math.max(...entries.map((e) => e.endMs ?? e.startMs + 100));
  // A zero-length run still gets visible bars; positions never leave [0, 40].
  const scale = (ms: number) =>
    Math.min(40, Math.max(0, Math.floor((maxEnd > 0 ? ms / maxEnd : 0) * 40)));
  const rule = "─".repeat(60);
  const lines = ["Timeline:", rule];
  for (const e of entries) {
    const start = scale(e.startMs);
    const end = scale(e.endMs ?? e.startMs + 10);
    const width = Math.max(1, Math.min(40 - start, end - start) || 1);
    const bar = " ".repeat(Math.min(start, 39)) + (CHARS[e.status] ?? "?").repeat(width);
    lines.push(
      `${e.name.padEnd(20)} |${bar.padEnd(40)}| ${e.durationMs !== undefined ? `${e.durationMs}ms` : "?"}${e.compensated ? " ↩ undone by compensation" : ""}`,
    );
  }
  lines.push(rule);
  return lines.join("\n");
}
