import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import { createDevtools } from "@awaitly/devtools";
import { checkpointedStep, runSagaStep } from "@awaitly/saga";

const reserve = async (): AsyncResult<{ holdId: string }, "OUT_OF_STOCK"> => ok({ holdId: "h1" });
const charge = async (): AsyncResult<string, "DECLINED"> => err("DECLINED");

describe("createDevtools with a saga rollback", () => {
  it("draws the compensated step as undone in the picture, Mermaid and the timeline", async () => {
    const devtools = createDevtools({ workflowName: "checkout", color: false });
    const checkout = createWorkflow({ reserve, charge }, { onEvent: devtools.handleEvent });
    await checkout(async (step, deps) =>
      runSagaStep(step, async (saga) => {
        await saga.step(
          () => checkpointedStep(step, () => deps.reserve(), { key: "reserve", name: "reserve" }),
          { name: "reserve", compensate: async () => {} },
        );
        return saga.step(
          () => checkpointedStep(step, () => deps.charge(), { key: "charge", name: "charge" }),
          { name: "charge" },
        );
      }),
    );
    expect(devtools.render()).toMatch(/↩ reserve .*\[undone by compensation\]/);
    expect(devtools.render()).not.toMatch(/✓ reserve/);
    expect(devtools.renderMermaid()).toMatch(/↩ reserve.*:::compensated/);
    const timeline = devtools.getTimeline();
    expect(timeline.find((e) => e.name === "reserve")).toMatchObject({
      status: "success",
      compensated: true,
    });
    expect(timeline.find((e) => e.name === "charge")?.compensated).toBeUndefined();
    expect(devtools.renderTimeline()).toMatch(/^reserve .*↩ undone by compensation$/m);
  });

  it("takes the saga's own events for steps it did not forget", async () => {
    const devtools = createDevtools({ workflowName: "checkout", color: false });
    const checkout = createWorkflow({ reserve, charge }, { onEvent: devtools.handleEvent });
    await checkout(async (step, deps) =>
      runSagaStep(
        step,
        async (saga) => {
          await saga.step(async () => ok(await step(() => deps.reserve(), "reserve")), {
            name: "reserve",
            compensate: async () => {},
          });
          return saga.step(async () => ok(await step(() => deps.charge(), "charge")), {
            name: "charge",
          });
        },
        { onEvent: devtools.handleSagaEvent },
      ),
    );
    expect(devtools.render()).toMatch(/↩ reserve .*\[undone by compensation\]/);
  });
});
