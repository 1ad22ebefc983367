import { createWorkflow, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  createDevServer,
  createEventCollector,
  createPerformanceAnalyzer,
  createVisualizer,
  detectParallelGroups,
  hasChildren,
  isDecisionNode,
  isParallelNode,
  isStepNode,
  mermaidRenderer,
  renderToHTML,
  trackIf,
  trackSwitch,
  type CollectableEvent,
  type DecisionNode,
  type DevServer,
  type FlowNode,
  type MermaidRenderOptions,
  type NodePerformance,
  type ParallelNode,
  type RaceNode,
  type SequenceNode,
  type StepNode,
  type StepState,
  type WorkflowIR,
} from "@awaitly/visualize";

describe("createVisualizer", () => {
  it("plugs into a workflow's onEvent as it is", () => {
    const viz = createVisualizer({ workflowName: "checkout", color: false });
    const load = async (): AsyncResult<number, "NOT_FOUND"> => ({ ok: true, value: 1 });
    createWorkflow({ load }, { onEvent: viz.handleEvent });
    expectTypeOf(viz.getIR()).toEqualTypeOf<WorkflowIR>();
    expectTypeOf(viz.render()).toBeString();
    expectTypeOf(viz.onUpdate).returns.toEqualTypeOf<() => void>();
  });

  it("renders only the formats it knows", () => {
    const viz = createVisualizer();
    viz.renderAs("mermaid");
    viz.renderAs("json");
    // @ts-expect-error HTML comes from renderToHTML, not renderAs
    viz.renderAs("html");
  });

  it("takes the colour switch as a boolean only", () => {
    createVisualizer({ color: true });
    // @ts-expect-error colour is on or off, not a level
    createVisualizer({ color: 256 });
  });
});

describe("the IR", () => {
  it("has a waiting state for approval gates among the step states", () => {
    expectTypeOf<"waiting">().toMatchTypeOf<StepState>();
    expectTypeOf<StepState>().toEqualTypeOf<
      "pending" | "running" | "success" | "error" | "aborted" | "cached" | "skipped" | "waiting"
    >();
  });

  it("narrows nodes with the guards", () => {
    const node = {} as FlowNode;
    if (isStepNode(node)) expectTypeOf(node).toEqualTypeOf<StepNode>();
    if (isParallelNode(node)) expectTypeOf(node).toEqualTypeOf<ParallelNode>();
    if (isDecisionNode(node)) expectTypeOf(node.branches[0]!.children).toEqualTypeOf<FlowNode[]>();
    if (hasChildren(node))
      expectTypeOf(node).toEqualTypeOf<SequenceNode | ParallelNode | RaceNode | DecisionNode>();
  });

  it("detectParallelGroups keeps the node type", () => {
    expectTypeOf(detectParallelGroups([], { minOverlapMs: 1, maxGapMs: 5 })).toEqualTypeOf<
      FlowNode[]
    >();
  });
});

describe("renderers", () => {
  it("the Mermaid renderer takes the edge switches", () => {
    const options: MermaidRenderOptions = {
      showTimings: true,
      showKeys: false,
      colors: {} as MermaidRenderOptions["colors"],
      showErrorEdges: false,
      showTimeoutEdges: false,
    };
    expectTypeOf(mermaidRenderer().render({} as WorkflowIR, options)).toBeString();
  });

  it("renderToHTML takes partial options", () => {
    expectTypeOf(renderToHTML({} as WorkflowIR, { theme: "dark", heatmap: false })).toBeString();
    // @ts-expect-error not a theme
    renderToHTML({} as WorkflowIR, { theme: "sepia" });
  });
});

describe("collectors, decisions and the dev server", () => {
  it("the collector stores workflow and decision events", () => {
    const collector = createEventCollector();
    expectTypeOf(collector.getEvents()).toEqualTypeOf<CollectableEvent[]>();
    expectTypeOf(collector.getWorkflowEvents()).toEqualTypeOf<WorkflowEvent<unknown>[]>();
  });

  it("trackers expose their branch helpers", () => {
    const ifTracker = trackIf("premium", true);
    expectTypeOf(ifTracker.then).toEqualTypeOf<() => void>();
    expectTypeOf(ifTracker.condition).toEqualTypeOf<boolean>();
    const switchTracker = trackSwitch("tier", "gold");
    expectTypeOf(switchTracker.case).parameter(0).toEqualTypeOf<string | number>();
  });

  it("createDevServer is async and takes the time-travel and heatmap switches", () => {
    expectTypeOf(createDevServer({ timeTravel: false, heatmap: true })).toEqualTypeOf<
      Promise<DevServer>
    >();
    // @ts-expect-error the heatmap switch is a boolean
    void createDevServer({ heatmap: "errorRate" });
  });
});

describe("createPerformanceAnalyzer", () => {
  it("reports approval pauses as a count next to the rates", () => {
    const perf = createPerformanceAnalyzer().getNodePerformance("Approve refund");
    expectTypeOf(perf).toEqualTypeOf<NodePerformance | undefined>();
    expectTypeOf<NodePerformance["waitingCount"]>().toEqualTypeOf<number>();
  });
});
