import { asciiRenderer } from "./ascii-renderer";
import { flowchartRenderer } from "./flowchart-renderer";
import { stripAnsi } from "./internal/format";
import type { FlowNode, RenderOptions, Renderer, WorkflowIR } from "./types";

/** One step in the logger output. */
export interface StepLog {
  id: string;
  name: string;
  key?: string | undefined;
  state: string;
  durationMs?: number | undefined;
  startTs?: number | undefined;
  endTs?: number | undefined;
  retryCount?: number | undefined;
  timedOut?: boolean | undefined;
  timeoutMs?: number | undefined;
  error?: string | undefined;
  /** The step's work was undone afterwards (a saga compensation). */
  compensated?: boolean | undefined;
}
/** The hook executions in the logger output. */
export interface HookLog {
  shouldRun?:
    | { result?: boolean | undefined; durationMs?: number | undefined; error?: string | undefined }
    | undefined;
  onBeforeStart?: { durationMs?: number | undefined; error?: string | undefined } | undefined;
  onAfterStep?:
    | Array<{ stepKey: string; durationMs?: number | undefined; error?: string | undefined }>
    | undefined;
}
/** Counts over the steps of a run in the logger output. */
export interface WorkflowSummary {
  totalSteps: number;
  successCount: number;
  errorCount: number;
  cacheHits: number;
  skippedCount: number;
  totalRetries: number;
  slowestStep?: { name: string; durationMs: number } | undefined;
}
/** What `renderAs("logger")` returns, parsed: the run, its steps, a summary and a diagram. */
export interface LoggerOutput {
  workflow: {
    id: string;
    name?: string | undefined;
    state: string;
    durationMs?: number | undefined;
    startedAt?: number | undefined;
    completedAt?: number | undefined;
  };
  steps: StepLog[];
  summary: WorkflowSummary;
  hooks?: HookLog | undefined;
  diagram?: string | undefined;
}
/** Options of the logger renderer. */
export interface LoggerRenderOptions extends RenderOptions {
  /** Add the ASCII (or flowchart) picture. Defaults to `true`. */
  includeDiagram?: boolean | undefined;
  /** Remove colour codes from the picture. Defaults to `true`. */
  stripAnsiColors?: boolean | undefined;
  /** Picture format. Defaults to `"ascii"`. */
  diagramFormat?: "ascii" | "flowchart" | undefined;
}

const text = (error: unknown) => (typeof error === "string" ? error : String(error));

function collectSteps(nodes: FlowNode[], out: StepLog[]): void {
  for (const node of nodes) {
    if (node.type === "step") {
      const log: StepLog = {
        id: node.id,
        name: node.name ?? node.key ?? node.id,
        state: node.state,
      };
      if (node.key !== undefined) log.key = node.key;
      if (node.durationMs !== undefined) log.durationMs = node.durationMs;
      if (node.startTs !== undefined) log.startTs = node.startTs;
      if (node.endTs !== undefined) log.endTs = node.endTs;
      if ((node.retryCount ?? 0) > 0) log.retryCount = node.retryCount;
      if (node.timedOut) {
        log.timedOut = true;
        log.timeoutMs = node.timeoutMs;
      }
      if (node.error !== undefined) log.error = text(node.error);
      if (node.compensated) log.compensated = true;
      out.push(log);
    } else if (node.type === "decision") {
      for (const branch of node.branches) collectSteps(branch.children, out);
    } else {
      collectSteps(node.children, out);
    }
  }
}

/** Structured JSON for log pipelines: the workflow, every step, a summary, hooks and a picture. */
export function loggerRenderer(): Renderer {
  return {
    name: "logger",
    supportsLive: false,
    render(ir: WorkflowIR, options: RenderOptions) {
      const o = options as LoggerRenderOptions;
      const steps: StepLog[] = [];
      collectSteps(ir.root.children, steps);
      let slowest: { name: string; durationMs: number } | undefined;
      for (const s of steps) {
        if (
          s.durationMs !== undefined &&
          (slowest === undefined || s.durationMs > slowest.durationMs)
        ) {
          slowest = { name: s.name, durationMs: s.durationMs };
        }
      }
      const output: LoggerOutput = {
        workflow: {
          id: ir.root.workflowId,
          name: ir.root.name,
          state: ir.root.state,
          durationMs: ir.root.durationMs,
          startedAt: ir.root.startTs,
        },
        steps,
        summary: {
          totalSteps: steps.length,
          successCount: steps.filter((s) => s.state === "success").length,
          errorCount: steps.filter((s) => s.state === "error").length,
          cacheHits: steps.filter((s) => s.state === "cached").length,
          skippedCount: steps.filter((s) => s.state === "skipped").length,
          totalRetries: steps.reduce((n, s) => n + (s.retryCount ?? 0), 0),
          ...(slowest ? { slowestStep: slowest } : {}),
        },
      };
      const hooks: HookLog = {};
      if (ir.hooks?.shouldRun) {
        const h = ir.hooks.shouldRun;
        hooks.shouldRun = {
          result: h.context?.result,
          durationMs: h.durationMs,
          ...(h.error !== undefined ? { error: text(h.error) } : {}),
        };
      }
      if (ir.hooks?.onBeforeStart) {
        const h = ir.hooks.onBeforeStart;
        hooks.onBeforeStart = {
          durationMs: h.durationMs,
          ...(h.error !== undefined ? { error: text(h.error) } : {}),
        };
      }
      if (ir.hooks && ir.hooks.onAfterStep.size > 0) {
        hooks.onAfterStep = [...ir.hooks.onAfterStep].map(([stepKey, h]) => ({
          stepKey,
          ...(h.durationMs !== undefined ? { durationMs: h.durationMs } : {}),
          ...(h.error !== undefined ? { error: text(h.error) } : {}),
        }));
      }
      if (Object.keys(hooks).length > 0) output.hooks = hooks;
      if (o.includeDiagram !== false) {
        const picture = (
          o.diagramFormat === "flowchart" ? flowchartRenderer() : asciiRenderer()
        ).render(ir, options);
        output.diagram = o.stripAnsiColors === false ? picture : stripAnsi(picture);
      }
      return JSON.stringify(output);
    },
  };
}
