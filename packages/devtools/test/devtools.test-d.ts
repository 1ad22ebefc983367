import { createWorkflow, type AsyncResult, type WorkflowEvent } from "@awaitly/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  createConsoleLogger,
  createDevtools,
  quickVisualize,
  renderDiff,
  type ConsoleLoggerOptions,
  type RunDiff,
  type RunStatus,
  type TimelineEntry,
  type WorkflowRun,
} from "@awaitly/devtools";

describe("createDevtools", () => {
  it("plugs into a workflow's onEvent as it is", () => {
    const devtools = createDevtools({ workflowName: "checkout", maxHistory: 5, color: false });
    const load = async (): AsyncResult<number, "NOT_FOUND"> => ({ ok: true, value: 1 });
    createWorkflow({ load }, { onEvent: devtools.handleEvent });
    expectTypeOf(devtools.getCurrentRun()).toEqualTypeOf<WorkflowRun | undefined>();
    expectTypeOf(devtools.getHistory()).toEqualTypeOf<WorkflowRun[]>();
    expectTypeOf(devtools.getTimeline()).toEqualTypeOf<TimelineEntry[]>();
  });

  it("diffs runs into a RunDiff, or undefined when a run is missing", () => {
    const devtools = createDevtools();
    expectTypeOf(devtools.diff("a", "b")).toEqualTypeOf<RunDiff | undefined>();
    expectTypeOf(devtools.diffWithPrevious()).toEqualTypeOf<RunDiff | undefined>();
    expectTypeOf(renderDiff).parameter(0).toEqualTypeOf<RunDiff>();
  });

  it("types a run's status, waiting included, in runs and status changes", () => {
    expectTypeOf<WorkflowRun["status"]>().toEqualTypeOf<RunStatus>();
    expectTypeOf<RunStatus>().toEqualTypeOf<"running" | "success" | "error" | "waiting">();
    expectTypeOf<NonNullable<RunDiff["statusChange"]>>().toEqualTypeOf<{
      from: RunStatus;
      to: RunStatus;
    }>();
    // @ts-expect-error a run's status is one of the four, not any string
    const status: RunStatus = "paused";
    void status;
  });

  it("renders only the visualizer's formats", () => {
    const devtools = createDevtools();
    expectTypeOf(devtools.renderAs("mermaid")).toBeString();
    // @ts-expect-error HTML is not a renderAs format
    devtools.renderAs("html");
  });

  it("rejects options that are not its own", () => {
    // @ts-expect-error maxHistory is a number
    createDevtools({ maxHistory: "10" });
  });
});

describe("quickVisualize and createConsoleLogger", () => {
  it("quickVisualize hands the body an onEvent listener and resolves to the picture", () => {
    expectTypeOf(quickVisualize(async (onEvent) => onEvent)).toEqualTypeOf<Promise<string>>();
  });

  it("createConsoleLogger returns an onEvent listener", () => {
    const options: ConsoleLoggerOptions = { prefix: "[shop]", colors: false };
    expectTypeOf(createConsoleLogger(options)).toEqualTypeOf<
      (event: WorkflowEvent<unknown, unknown>) => void
    >();
    // @ts-expect-error colours are on or off
    createConsoleLogger({ colors: "auto" });
  });
});
