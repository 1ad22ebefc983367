/**
 * `pnpm bench`: rendering cost per event for runs of 1k, 10k and 100k events — linear means the
 * µs/event column stays flat as the run grows.
 */
import type { WorkflowEvent } from "@awaitly/core";
import { createVisualizer, renderToHTML } from "@awaitly/visualize";

function syntheticRun(events: number): WorkflowEvent<unknown>[] {
  const out: WorkflowEvent<unknown>[] = [{ type: "workflow_start", workflowId: "w", ts: 0 }];
  let t = 0;
  for (let i = 0; out.length < events - 1; i++) {
    const stepId = `step_${i}`;
    out.push({ type: "step_start", workflowId: "w", stepId, name: `Step ${i}`, ts: t });
    t += 2;
    out.push({
      type: "step_success",
      workflowId: "w",
      stepId,
      name: `Step ${i}`,
      ts: t,
      durationMs: 2,
    });
    t += 1;
  }
  out.push({ type: "workflow_success", workflowId: "w", ts: t, durationMs: t });
  return out;
}

const time = (fn: () => unknown) => {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000; // ms
};

const rows: string[] = [];
for (const size of [1_000, 10_000, 100_000]) {
  const events = syntheticRun(size);
  const build = () => {
    const viz = createVisualizer({ workflowName: "bench", terminalWidth: 80 });
    for (const e of events) viz.handleEvent(e);
    return viz;
  };
  build(); // warm up
  const viz = build();
  const ingest = time(build);
  const ascii = time(() => viz.render());
  const mermaid = time(() => viz.renderAs("mermaid"));
  const html = time(() => renderToHTML(viz.getIR()));
  const per = (ms: number) => ((ms * 1000) / size).toFixed(2);
  rows.push(
    `| ${size.toLocaleString("en")} | ${per(ingest)} | ${per(ascii)} | ${per(mermaid)} | ${per(html)} |`,
  );
}
console.log("\n## Rendering cost, µs per event (CPU time)\n");
console.log("| events | ingest (events → IR) | ASCII | Mermaid | HTML |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
