import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
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

  it("writes a parked wait as one span from park to wake under the attempt that parked, and nothing when off", async () => {
    const tracing = createRunTracing({ tracer: telemetry.tracer, serviceName: "orders" });
    const parking = tracing.startAttempt({ ...attempt, parent: undefined });
    parking.end("parked");
    const wait = {
      runId: "order-1",
      queue: "orders",
      kind: "signal",
      signal: "approve",
      stepKey: "awaitly:signal:approve",
      until: 1_800_000_005_000,
      parkedAt: 1_800_000_001_000,
      endedAt: 1_800_000_004_000,
      outcome: "received",
      parent: parking.carrier,
    } as const;
    tracing.wait?.(wait);
    tracing.wait?.({ ...wait, outcome: "timed_out", parent: undefined });
    const off = createRunTracing({ tracer: telemetry.tracer, enabled: false });
    expect(off.wait).toBeUndefined();
    await telemetry.tracerProvider.forceFlush();
    const waits = telemetry.spans().filter((s) => s.name.startsWith("orders.wait"));
    expect(waits).toHaveLength(1);
    const [span] = waits;
    expect(span?.name).toBe("orders.wait.signal approve");
    expect(parentOf(span!)).toBe(idOf(telemetry.span("orders.attempt")));
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.startTime).toEqual([1_800_000_001, 0]);
    expect(span?.endTime).toEqual([1_800_000_004, 0]);
    expect(span?.attributes).toEqual({
      "awaitly.run.id": "order-1",
      "awaitly.wait.kind": "signal",
      "awaitly.wait.outcome": "received",
      "awaitly.signal.name": "approve",
      "awaitly.step.key": "awaitly:signal:approve",
      "awaitly.wait.until": 1_800_000_005_000,
      "messaging.destination.name": "orders",
    });
  });
});
