import { SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import { createOtelEventHandler, withoutTracing } from "@awaitly/otel";
import { checkpointedStep, createSagaWorkflow, runSagaStep } from "@awaitly/saga";
import { createTelemetry, idOf, parentOf } from "./support";

const telemetry = createTelemetry();
afterAll(() => telemetry.shutdown());

const reserve = async (sku: string): AsyncResult<string, "OUT_OF_STOCK"> => ok(`res-${sku}`);
const charge = async (cents: number): AsyncResult<string, "DECLINED"> =>
  cents > 100 ? err("DECLINED") : ok(`ch-${cents}`);
const ship = async (): AsyncResult<string, "NO_COURIER"> => err("NO_COURIER");

describe("createOtelEventHandler aroundCompensation", () => {
  it("gives each compensation of a rolled-back saga step a span, under the run, with the step's key", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "shop" });
    const checkout = createWorkflow(
      { reserve, charge },
      { onEvent: otel.handleEvent, aroundStep: otel.aroundStep },
    );
    const released: string[] = [];
    const result = await telemetry.tracer.startActiveSpan("POST /checkout", async (request) => {
      const r = await checkout(async (step, deps) =>
        runSagaStep(
          step,
          async (saga) => {
            await saga.step(
              () => checkpointedStep(step, () => deps.reserve("sku-1"), { key: "reserve:sku-1" }),
              {
                name: "reserve",
                compensate: async (id) => {
                  // The compensation's own spans (an HTTP call, a query) nest under its span.
                  await telemetry.tracer.startActiveSpan("DELETE /reservations", async (call) => {
                    released.push(id);
                    call.end();
                  });
                },
              },
            );
            return saga.step(
              () => checkpointedStep(step, () => deps.charge(500), { key: "charge" }),
              { name: "charge" },
            );
          },
          { aroundCompensation: otel.aroundCompensation },
        ),
      );
      request.end();
      return r;
    });
    expect(result).toEqual(err("DECLINED"));
    expect(released).toEqual(["res-sku-1"]);
    await telemetry.tracerProvider.forceFlush();
    const undo = telemetry.span("shop.compensate reserve");
    expect(undo.attributes).toMatchObject({
      "awaitly.step.name": "reserve",
      "awaitly.step.key": "reserve:sku-1",
      "awaitly.compensation.outcome": "success",
    });
    expect(undo.attributes["awaitly.saga.id"]).toBeTypeOf("string");
    expect(undo.status.code).toBe(SpanStatusCode.UNSET);
    // Same trace as the request the run served; its own I/O is its child.
    expect(undo.spanContext().traceId).toBe(telemetry.span("POST /checkout").spanContext().traceId);
    expect(parentOf(undo)).toBe(idOf(telemetry.span("POST /checkout")));
    expect(parentOf(telemetry.span("DELETE /reservations"))).toBe(idOf(undo));
    // It starts after the failing step ended: the rollback follows the failure.
    const failed = telemetry.span("shop.step.charge");
    expect(failed.attributes["error.type"]).toBe("DECLINED");
    expect(undo.startTime[0] * 1e9 + undo.startTime[1]).toBeGreaterThanOrEqual(
      failed.endTime[0] * 1e9 + failed.endTime[1] - 1e6,
    );
  });

  it("marks a compensation that throws with status ERROR and error.type, and lets the saga report it", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "trip" });
    class RefundRefused extends Error {
      override name = "RefundRefused";
    }
    const trip = createSagaWorkflow(
      { charge, ship },
      { aroundCompensation: otel.aroundCompensation },
    );
    const result = await trip(async (saga, deps) => {
      await saga.step(() => deps.charge(50), {
        name: "pay",
        compensate: () => {
          throw new RefundRefused("the card is closed");
        },
      });
      await saga.step(() => deps.charge(60), { name: "pay-fees", compensate: () => {} });
      return saga.step(() => deps.ship(), { name: "ship" });
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ type: "SAGA_COMPENSATION_ERROR" });
    }
    await telemetry.tracerProvider.forceFlush();
    const pay = telemetry.span("trip.compensate pay");
    expect(pay.status).toEqual({ code: SpanStatusCode.ERROR, message: "RefundRefused" });
    expect(pay.attributes).toMatchObject({
      "error.type": "RefundRefused",
      "awaitly.compensation.outcome": "error",
      "awaitly.step.name": "pay",
    });
    expect(pay.attributes["awaitly.step.key"]).toBeUndefined();
    expect(pay.events.map((e) => e.name)).toEqual(["exception"]);
    // Newest first: the fees are refunded before the payment.
    const fees = telemetry.span("trip.compensate pay-fees");
    expect(fees.attributes["awaitly.compensation.outcome"]).toBe("success");
    expect(fees.startTime[0] * 1e9 + fees.startTime[1]).toBeLessThanOrEqual(
      pay.startTime[0] * 1e9 + pay.startTime[1],
    );
  });

  it("makes no compensation span inside withoutTracing or when the handler is off", async () => {
    const on = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "dark" });
    const off = createOtelEventHandler({
      tracer: telemetry.tracer,
      serviceName: "off",
      enabled: false,
    });
    const undone: string[] = [];
    for (const [otel, scope] of [
      [on, withoutTracing],
      [off, (fn: () => Promise<unknown>) => fn()],
    ] as const) {
      const saga = createSagaWorkflow({ ship }, { aroundCompensation: otel.aroundCompensation });
      await scope(() =>
        saga(async (s, deps) => {
          await s.step(async () => ok(1), {
            name: "one",
            compensate: () => void undone.push("one"),
          });
          return s.step(() => deps.ship(), { name: "ship" });
        }),
      );
    }
    expect(undone).toEqual(["one", "one"]);
    await telemetry.tracerProvider.forceFlush();
    const names = telemetry.spans().map((s) => s.name);
    expect(names.filter((n) => n.startsWith("dark.") || n.startsWith("off."))).toEqual([]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
