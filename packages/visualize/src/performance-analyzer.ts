import { isSuspended, type WorkflowEvent } from "@awaitly/core";
import type { FlowNode, WorkflowIR } from "./types";

/**
 * Statistics of one step (by name) over the runs seen. A step paused on a human approval (its
 * error is suspended: `isSuspended` from `@awaitly/core`) is neither a success nor an error: it is left out of `samples`,
 * the durations and the rates, and counted in `waitingCount`.
 */
export interface NodePerformance {
  nodeId: string;
  avgDurationMs: number;
  minDurationMs: number;
  maxDurationMs: number;
  stdDevMs: number;
  /** Times the step finished (succeeded or failed); the durations and rates are over these. */
  samples: number;
  retryRate: number;
  timeoutRate: number;
  errorRate: number;
  /** Times the step paused on an approval instead of finishing. */
  waitingCount: number;
  percentiles: { p50: number; p90: number; p95: number; p99: number };
}
/** Heat per node id (0 coolest to 1 hottest) for one metric. */
export interface HeatmapData {
  heat: Map<string, number>;
  metric: "duration" | "retryRate" | "errorRate";
  stats: { min: number; max: number; mean: number; threshold: number };
}
/** A heat value in words, as `getHeatLevel` names it. */
export type HeatLevel = "cold" | "cool" | "neutral" | "warm" | "hot" | "critical";
/** A recorded run fed to the analyzer. */
export interface WorkflowRun {
  id: string;
  startTime: number;
  events: WorkflowEvent<unknown>[];
}
/** Collects step timings, retries, errors and timeouts over runs and turns them into heatmaps. */
export interface PerformanceAnalyzer {
  addRun: (run: WorkflowRun) => void;
  addEvent: (event: WorkflowEvent<unknown>) => void;
  finalizeRun: (runId: string) => void;
  getNodePerformance: (nodeId: string) => NodePerformance | undefined;
  getHeatmap: (ir: WorkflowIR, metric?: "duration" | "retryRate" | "errorRate") => HeatmapData;
  getSlowestNodes: (limit?: number) => NodePerformance[];
  getErrorProneNodes: (limit?: number) => NodePerformance[];
  getRetryProneNodes: (limit?: number) => NodePerformance[];
  getAllPerformance: () => Map<string, NodePerformance>;
  exportData: () => string;
  importData: (json: string) => void;
  clear: () => void;
}

/** `<.2` cold, `<.4` cool, `<.6` neutral, `<.8` warm, `<.95` hot, else critical. */
export function getHeatLevel(heat: number): HeatLevel {
  if (heat < 0.2) return "cold";
  if (heat < 0.4) return "cool";
  if (heat < 0.6) return "neutral";
  if (heat < 0.8) return "warm";
  if (heat < 0.95) return "hot";
  return "critical";
}

type Ratio = { total: number };

/** Cross-run step statistics (by step name) and heatmaps. */
export function createPerformanceAnalyzer(): PerformanceAnalyzer {
  let timing: Record<string, number[]> = {};
  let retries: Record<string, Ratio & { retried: number }> = {};
  let errors: Record<string, Ratio & { errors: number }> = {};
  let timeouts: Record<string, Ratio & { timedOut: number }> = {};
  let waits: Record<string, number> = {};
  let buffer: WorkflowEvent<unknown>[] = [];

  const idOf = (e: {
    name?: string | undefined;
    stepKey?: string | undefined;
    stepId?: string | undefined;
  }) => e.name ?? e.stepKey ?? e.stepId ?? "unknown";
  const process = (events: WorkflowEvent<unknown>[]) => {
    const flags = new Map<string, { retried: boolean; timedOut: boolean }>();
    for (const e of events) {
      if (e.type === "step_start") flags.set(idOf(e), { retried: false, timedOut: false });
      else if (e.type === "step_retry") (flags.get(idOf(e)) ?? { retried: false }).retried = true;
      else if (e.type === "step_timeout") {
        const f = flags.get(idOf(e));
        if (f) f.timedOut = true;
      } else if (e.type === "step_error" && isSuspended(e.error)) {
        // A pause says nothing about how long the step takes or how often it fails.
        const id = idOf(e);
        waits[id] = (waits[id] ?? 0) + 1;
        flags.delete(id);
      } else if (e.type === "step_success" || e.type === "step_error") {
        const id = idOf(e);
        const f = flags.get(id) ?? { retried: false, timedOut: false };
        (timing[id] ??= []).push(e.durationMs);
        const r = (retries[id] ??= { retried: 0, total: 0 });
        r.total++;
        if (f.retried) r.retried++;
        const er = (errors[id] ??= { errors: 0, total: 0 });
        er.total++;
        if (e.type === "step_error") er.errors++;
        const t = (timeouts[id] ??= { timedOut: 0, total: 0 });
        t.total++;
        if (f.timedOut) t.timedOut++;
        flags.delete(id);
      }
    }
  };
  const stats = (id: string): NodePerformance | undefined => {
    const sorted = [...(timing[id] ?? [])].sort((a, b) => a - b);
    const n = sorted.length;
    const waitingCount = waits[id] ?? 0;
    if (n === 0 && waitingCount === 0) return undefined;
    const mean = n === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / n;
    const pct = (p: number) => sorted[Math.min(Math.floor(n * p), n - 1)] ?? 0;
    const rate = (hit: number | undefined, total: number | undefined) => (hit ?? 0) / (total || 1);
    return {
      nodeId: id,
      avgDurationMs: mean,
      minDurationMs: sorted[0] ?? 0,
      maxDurationMs: sorted[n - 1] ?? 0,
      stdDevMs: n === 0 ? 0 : Math.sqrt(sorted.reduce((a, v) => a + (v - mean) ** 2, 0) / n),
      samples: n,
      retryRate: rate(retries[id]?.retried, retries[id]?.total),
      timeoutRate: rate(timeouts[id]?.timedOut, timeouts[id]?.total),
      errorRate: rate(errors[id]?.errors, errors[id]?.total),
      waitingCount,
      percentiles: { p50: pct(0.5), p90: pct(0.9), p95: pct(0.95), p99: pct(0.99) },
    };
  };
  const all = () =>
    new Map(
      [...new Set([...Object.keys(timing), ...Object.keys(waits)])].flatMap((id) => {
        const s = stats(id);
        return s ? [[id, s] as const] : [];
      }),
    );
  // Lists and heat rank steps by what they did when they finished; one that only waited has no figures.
  const finished = () => [...all().values()].filter((s) => s.samples > 0);

  return {
    addRun: (run) => process(run.events),
    addEvent: (event) => void buffer.push(event),
    finalizeRun: () => {
      process(buffer);
      buffer = [];
    },
    getNodePerformance: stats,
    getHeatmap(ir, metric = "duration") {
      const values = new Map<string, number>();
      const walk = (nodes: FlowNode[]) => {
        for (const node of nodes) {
          const s = stats(node.name ?? node.id);
          if (s && s.samples > 0)
            values.set(
              node.id,
              metric === "duration"
                ? s.avgDurationMs
                : metric === "retryRate"
                  ? s.retryRate
                  : s.errorRate,
            );
          if (node.type === "decision") for (const b of node.branches) walk(b.children);
          else if (node.type !== "step") walk(node.children);
        }
      };
      walk(ir.root.children);
      if (values.size === 0)
        return { heat: new Map(), metric, stats: { min: 0, max: 0, mean: 0, threshold: 0 } };
      const list = [...values.values()];
      const min = Math.min(...list);
      const max = Math.max(...list);
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      const heat = new Map([...values].map(([id, v]) => [id, (v - min) / (max - min || 1)]));
      return { heat, metric, stats: { min, max, mean, threshold: mean + (max - mean) * 0.5 } };
    },
    getSlowestNodes: (limit = 10) =>
      finished()
        .sort((a, b) => b.avgDurationMs - a.avgDurationMs)
        .slice(0, limit),
    getErrorProneNodes: (limit = 10) =>
      [...all().values()]
        .filter((s) => s.errorRate > 0)
        .sort((a, b) => b.errorRate - a.errorRate)
        .slice(0, limit),
    getRetryProneNodes: (limit = 10) =>
      [...all().values()]
        .filter((s) => s.retryRate > 0)
        .sort((a, b) => b.retryRate - a.retryRate)
        .slice(0, limit),
    getAllPerformance: all,
    exportData: () =>
      JSON.stringify({
        timingData: timing,
        retryData: retries,
        errorData: errors,
        timeoutData: timeouts,
        waitingData: waits,
      }),
    importData(json) {
      const data = JSON.parse(json) as Partial<{
        timingData: typeof timing;
        retryData: typeof retries;
        errorData: typeof errors;
        timeoutData: typeof timeouts;
        waitingData: typeof waits;
      }>;
      timing = { ...(data.timingData ?? {}) };
      retries = { ...(data.retryData ?? {}) };
      errors = { ...(data.errorData ?? {}) };
      timeouts = { ...(data.timeoutData ?? {}) };
      waits = { ...(data.waitingData ?? {}) };
    },
    clear() {
      timing = {};
      retries = {};
      errors = {};
      timeouts = {};
      waits = {};
      buffer = [];
    },
  };
}
