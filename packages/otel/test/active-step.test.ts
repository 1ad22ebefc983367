import { createRequire } from "node:module";
import type * as Http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { SpanKind } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkflow, ok, run } from "@awaitly/core";
import { createOtelEventHandler, withoutTracing } from "@awaitly/otel";
import { createTelemetry, idOf, parentOf } from "./support";

// The instrumentation patches `http` when it is required after `enable()`: load it through
// Node's own require so the patched module is the one the steps call.
const telemetry = createTelemetry();
const instrumentation = new HttpInstrumentation();
instrumentation.setTracerProvider(telemetry.tracerProvider);
instrumentation.enable();
const http = createRequire(import.meta.url)("node:http") as typeof Http;

let server: Http.Server;
let url = "";

const get = (path: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(`${url}${path}`, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  instrumentation.disable();
  await telemetry.shutdown();
});

describe("createOtelEventHandler aroundStep", () => {
  it("nests an instrumented HTTP call under the span of the step that made it", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "shop" });
    const wf = createWorkflow({}, { onEvent: otel.handleEvent, aroundStep: otel.aroundStep });
    const result = await wf(async (step) => {
      const first = await step(async () => ok(await get("/cart")), { name: "load-cart" });
      const second = await step(async () => ok(await get("/pay")), { name: "pay" });
      return first + second;
    });
    expect(result).toEqual(ok(400));
    await telemetry.tracerProvider.forceFlush();
    const spans = telemetry.spans();
    const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients).toHaveLength(2);
    expect(parentOf(clients[0]!)).toBe(idOf(telemetry.span("shop.load-cart")));
    expect(parentOf(clients[1]!)).toBe(idOf(telemetry.span("shop.pay")));
    const workflow = telemetry.span("shop.workflow");
    const ours = spans.filter((s) => s.kind !== SpanKind.SERVER);
    expect(new Set(ours.map((s) => s.spanContext().traceId))).toEqual(
      new Set([workflow.spanContext().traceId]),
    );
  });

  it("makes each retry attempt of a bare run's step a child of the step's span", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "bare" });
    await telemetry.forgetSpans();
    let calls = 0;
    const result = await run(
      (step) =>
        step(
          async () => {
            calls++;
            const status = await get("/retry");
            return calls < 2 ? { ok: false as const, error: "AGAIN" as const } : ok(status);
          },
          { name: "flaky", retry: { attempts: 2 } },
        ),
      { onEvent: otel.handleEvent, aroundStep: otel.aroundStep },
    );
    expect(result).toEqual(ok(200));
    await telemetry.tracerProvider.forceFlush();
    const clients = telemetry.spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients.map(parentOf)).toEqual([
      idOf(telemetry.span("bare.flaky")),
      idOf(telemetry.span("bare.flaky")),
    ]);
  });

  it("makes no span for a run started inside withoutTracing, or when turned off", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, serviceName: "quiet" });
    const off = createOtelEventHandler({ tracer: telemetry.tracer, enabled: false });
    await telemetry.forgetSpans();
    const wf = createWorkflow({}, { onEvent: otel.handleEvent, aroundStep: otel.aroundStep });
    await withoutTracing(() => wf(async (step) => step(() => ok(1), { name: "hidden" })));
    const offWf = createWorkflow({}, { onEvent: off.handleEvent, aroundStep: off.aroundStep });
    await offWf(async (step) => step(() => ok(1), { name: "hidden" }));
    await telemetry.tracerProvider.forceFlush();
    expect(telemetry.spans()).toEqual([]);
    expect(otel.activeSpans()).toEqual({ workflows: 0, scopes: 0, steps: 0 });
  });
});
