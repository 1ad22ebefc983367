import { context, SpanKind, trace } from "@opentelemetry/api";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, ok } from "@awaitly/core";
import { createRunTracing } from "@awaitly/otel";
import { createTelemetry, idOf, parentOf } from "./support";

const telemetry = createTelemetry();
afterEach(() => telemetry.forgetSpans());
afterAll(() => telemetry.shutdown());

const attempt = {
  runId: "order-1",
  queue: "orders",
  workflowName: "orders",
  delivery: 1,
  lost: undefined,
  links: [],
};

describe("createRunTracing", () => {
  it("makes an attempt span a child of the context its carrier came from", async () => {
    const tracing = createRunTracing({ tracer: telemetry.tracer, serviceName: "orders" });
    const request = telemetry.tracer.startSpan("POST /orders");
    const carrier = context.with(trace.setSpan(context.active(), request), () => tracing.inject());
    request.end();
    expect(carrier).toEqual({
      traceparent: `00-${request.spanContext().traceId}-${request.spanContext().spanId}-01`,
    });
    const span = tracing.startAttempt({ ...attempt, parent: carrier });
    const wf = createWorkflow({}, { onEvent: tracing.handleEvent, aroundStep: tracing.aroundStep });
    await span.run(() => wf(async (step) => step(() => ok(1), { name: "one" })));
    span.end("completed");
    const attemptSpan = telemetry.span("orders.attempt");
    expect(attemptSpan.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(attemptSpan)).toBe(request.spanContext().spanId);
    expect(attemptSpan.attributes).toMatchObject({
      "awaitly.run.id": "order-1",
      "awaitly.run.delivery": 1,
      "awaitly.attempt.outcome": "completed",
    });
    expect(parentOf(telemetry.span("orders.workflow"))).toBe(idOf(attemptSpan));
  });

  it("reports a lost attempt, linked to it, and sets error.type on a failed one", () => {
    const tracing = createRunTracing({ tracer: telemetry.tracer, serviceName: "orders" });
    const dead = {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };
    const span = tracing.startAttempt({
      ...attempt,
      delivery: 2,
      parent: undefined,
      lost: { carrier: dead, delivery: 1, startedAt: Date.now() - 1000 },
    });
    span.end("failed", new TypeError("boom"));
    const [lost, next] = telemetry.spans();
    expect(lost?.attributes["awaitly.attempt.outcome"]).toBe("lost");
    expect(lost?.links.map((l) => l.context.spanId)).toEqual(["b7ad6b7169203331"]);
    expect(next?.links.map((l) => l.attributes?.["awaitly.link.kind"])).toEqual([
      "previous_attempt",
    ]);
    expect(next?.attributes["error.type"]).toBe("TypeError");
  });

  it("ignores a carrier that is not W3C trace context", () => {
    const tracing = createRunTracing({ tracer: telemetry.tracer });
    const span = tracing.startAttempt({ ...attempt, parent: { traceparent: "garbage" } });
    span.end("completed");
    expect(parentOf(telemetry.span("workflow.attempt"))).toBeUndefined();
  });

  it("is off when AWAITLY_OTEL_DISABLED=1: no carrier, no span", () => {
    vi.stubEnv("AWAITLY_OTEL_DISABLED", "1");
    try {
      const tracing = createRunTracing({ tracer: telemetry.tracer });
      const request = telemetry.tracer.startSpan("POST /orders");
      expect(
        context.with(trace.setSpan(context.active(), request), () => tracing.inject()),
      ).toBeUndefined();
      tracing.startAttempt({ ...attempt, parent: undefined }).end("completed");
      request.end();
      expect(telemetry.spans().map((s) => s.name)).toEqual(["POST /orders"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
