// Prints a small run through the public import, for the real-terminal colour test.
import { createVisualizer } from "@awaitly/visualize";

const viz = createVisualizer({ workflowName: "tty", terminalWidth: 40 });
const w = { workflowId: "w" };
viz.handleEvent({ type: "workflow_start", ...w, ts: 0 });
viz.handleEvent({ type: "step_start", ...w, stepId: "a", name: "Fetch", ts: 1 });
viz.handleEvent({ type: "step_success", ...w, stepId: "a", name: "Fetch", ts: 3, durationMs: 2 });
viz.handleEvent({ type: "workflow_success", ...w, ts: 4, durationMs: 4 });
process.stdout.write(`${viz.render()}\n`);
