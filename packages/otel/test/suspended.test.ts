import { SpanStatusCode } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkflow, err, ok, SUSPENDED_TYPE, type AsyncResult } from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A, createOtelEventHandler } from "@awaitly/otel";
import { createTelemetry } from "./support";

let telemetry: ReturnType<typeof createTelemetry>;
beforeEach(() => {
  telemetry = createTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

type Pending = { type: typeof SUSPENDED_TYPE; stepKey: string; reason: string };
// What @awaitly/hitl's approval step returns while nobody has decided yet.
const awaitApproval = async (): AsyncResult<{ by: string }, Pending> =>
  err({ type: SUSPENDED_TYPE, stepKey: "approve:refund", reason: "waiting for a manager" });
const prepare = async (): AsyncResult<number, never> => ok(4_200);

describe("createOtelEventHandler with a suspended run", () => {
  it("does not mark a step or run waiting for an approval as an error", async () => {
    const otel = createOtelEventHandler({
      tracer: telemetry.tracer,
      meter: telemetry.meter,
      serviceName: "refunds",
    });
    const workflow = createWorkflow({ prepare, awaitApproval }, { onEvent: otel.handleEvent });
    const result = await workflow(async (step, deps) => {
      await step(() => deps.prepare(), "prepare");
      return step(() => deps.awaitApproval(), { name: "approve", key: "approve:refund" });
    });
    expect(result.ok).toBe(false);

    const approve = telemetry.span("refunds.approve");
    expect(approve.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(approve.attributes[A.stepOutcome]).toBe("suspended");
    expect(approve.attributes[A.errorType]).toBeUndefined();
    expect(approve.events.filter((e) => e.name === "exception")).toEqual([]);
    const root = telemetry.span("refunds.workflow");
    expect(root.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(root.attributes[A.workflowOutcome]).toBe("suspended");

    expect(await telemetry.points("awaitly.step.errors")).toEqual([]);
    const durations = await telemetry.points("awaitly.step.duration");
    expect(durations.map((p) => p.attributes[A.stepOutcome]).sort()).toEqual([
      "success",
      "suspended",
    ]);
    const runs = await telemetry.points("awaitly.workflow.runs");
    expect(runs.map((p) => [p.attributes[A.workflowOutcome], p.value])).toEqual([["suspended", 1]]);
  });

  it("still marks a real failure after an approval as an error", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const refund = async (): AsyncResult<string, "REFUND_FAILED"> => err("REFUND_FAILED");
    const workflow = createWorkflow({ refund }, { onEvent: otel.handleEvent });
    await workflow(async (step, deps) => step(() => deps.refund(), "refund"));
    expect(telemetry.span("workflow.refund").status.code).toBe(SpanStatusCode.ERROR);
    expect(telemetry.span("workflow.workflow").status.code).toBe(SpanStatusCode.ERROR);
  });
});
