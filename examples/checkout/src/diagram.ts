import type { WorkflowEvent } from "@awaitly/core";
import { createVisualizer, renderToHTML } from "@awaitly/visualize";
import type { RunRecord, StoredEvent } from "./runs";

/**
 * The pictures of a run, drawn from its stored event log: ASCII for terminals (every invocation),
 * Mermaid and HTML for the latest invocation (replayed steps show as cache hits).
 */
export function renderRun(run: RunRecord, events: StoredEvent[]) {
  const invocations = [...new Set(events.map((e) => e.invocation))].sort((a, b) => a - b);
  const visualizerFor = (invocation: number) => {
    const visualizer = createVisualizer({
      workflowName: `checkout ${run.runId} (invocation ${invocation + 1})`,
      showKeys: true,
      // Served over HTTP (and stored), never to a terminal: plain text whatever stdout is.
      color: false,
    });
    for (const event of events) {
      if (event.invocation !== invocation) continue;
      const { invocation: _drop, ...workflowEvent } = event;
      visualizer.handleEvent(workflowEvent as unknown as WorkflowEvent<unknown>);
    }
    return visualizer;
  };
  const ascii = invocations.map((i) => visualizerFor(i).renderAs("ascii")).join("\n");
  const last = visualizerFor(invocations.at(-1) ?? 0);
  return {
    ascii,
    mermaid: last.renderAs("mermaid"),
    html: renderToHTML(last.getIR(), { title: `checkout ${run.runId}` }),
  };
}
