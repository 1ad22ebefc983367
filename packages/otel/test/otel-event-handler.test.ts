import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  anyAsync,
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type RunStep,
} from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A, createOtelEventHandler } from "@awaitly/otel";
import packageJson from "../package.json";
import { createTelemetry, idOf, parentOf } from "./support";

const exporter = new InMemorySpanExporter();

let telemetry: ReturnType<typeof createTelemetry>;
beforeEach(() => {
  telemetry = createTelemetry();
});
afterEach(async () => {
  vi.useRealTimers();
  await telemetry.shutdown();
});

const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
  id === "missing" ? err("NOT_FOUND") : ok({ id });
const charge = async (cents: number): AsyncResult<number, "DECLINED"> =>
  cents > 100 ? err("DECLINED") : ok(cents);

describe("createOtelEventHandler spans", () => {
  it("creates a workflow span with a child span per step carrying name, key and attempt", async () => {
    const otel = createOtelEventHandler({
      tracer: telemetry.tracer,
      meter: telemetry.meter,
      serviceName: "checkout",
    });
    const workflow = createWorkflow({ fetchUser, charge }, { onEvent: otel.handleEvent });
    await workflow(async (step, deps) => {
      const user = await step(() => deps.fetchUser("u1"), { name: "fetch-user", key: "user:u1" });
      return step(() => deps.charge(user.id.length), "charge");
    });
    const root = telemetry.span("checkout.workflow");
    const fetch = telemetry.span("checkout.fetch-user");
    const chargeSpan = telemetry.span("checkout.charge");
    expect(parentOf(fetch)).toBe(idOf(root));
    expect(parentOf(chargeSpan)).toBe(idOf(root));
    expect(fetch.attributes).toMatchObject({
      [A.stepName]: "fetch-user",
      [A.stepKey]: "user:u1",
      [A.stepAttempt]: 1,
      [A.stepCacheHit]: false,
      [A.stepOutcome]: "success",
    });
    expect(root.attributes[A.workflowOutcome]).toBe("success");
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(otel.activeSpans()).toEqual({ workflows: 0, scopes: 0, steps: 0 });
  });

  it("joins the span active when the run starts (an incoming request's span)", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const workflow = createWorkflow({ fetchUser }, { onEvent: otel.handleEvent });
    await telemetry.tracer.startActiveSpan("POST /users", async (request) => {
      await workflow(async (step, deps) => step(() => deps.fetchUser("u2"), "load"));
      request.end();
    });
    const request = telemetry.span("POST /users");
    const root = telemetry.span("workflow.workflow");
    expect(parentOf(root)).toBe(idOf(request));
    expect(root.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(parentOf(telemetry.span("workflow.load"))).toBe(idOf(root));
  });

  it("records retries and timeouts as span events and failures as ERROR with the cause", async () => {
    vi.useFakeTimers();
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    let calls = 0;
    const flaky = async (): AsyncResult<number, "DECLINED"> =>
      ++calls < 3 ? err("DECLINED") : ok(1);
    const pending = run(
      async (step) => {
        await step(flaky, {
          name: "flaky",
          retry: { attempts: 3, initialDelay: 10, jitter: false },
        });
        await step(() => new Promise<never>(() => {}), { name: "slow", timeout: { ms: 50 } });
      },
      { onEvent: otel.handleEvent },
    );
    await vi.advanceTimersByTimeAsync(200);
    await pending;
    const flakySpan = telemetry.span("workflow.flaky");
    expect(flakySpan.events.map((e) => e.name)).toEqual([
      "awaitly.step.retry",
      "awaitly.step.retry",
    ]);
    expect(flakySpan.events[1]?.attributes).toMatchObject({
      [A.stepAttempt]: 3,
      [A.retryDelayMs]: 20,
      [A.errorType]: "DECLINED",
    });
    expect(flakySpan.attributes[A.stepAttempt]).toBe(3);
    const slow = telemetry.span("workflow.slow");
    expect(slow.events.map((e) => e.name)).toEqual(["awaitly.step.timeout"]);
    expect(slow.status.code).toBe(SpanStatusCode.ERROR);
    expect(slow.attributes[A.errorType]).toBe("UNEXPECTED_ERROR");
    const retries = await telemetry.points("awaitly.step.retries");
    expect(retries.map((p) => [p.attributes[A.stepName], p.value])).toEqual([["flaky", 2]]);
    const timeouts = await telemetry.points("awaitly.step.timeouts");
    expect(timeouts.map((p) => [p.attributes[A.stepName], p.value])).toEqual([["slow", 1]]);
  });

  it("records an exception thrown in a step on its span", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const workflow = createWorkflow({ fetchUser }, { onEvent: otel.handleEvent });
    await workflow(async (step) =>
      step(() => {
        throw new TypeError("boom");
      }, "explode"),
    );
    const span = telemetry.span("workflow.explode");
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR });
    const exception = span.events.find((e) => e.name === "exception");
    expect(exception?.attributes?.["exception.message"]).toBe("boom");
    expect(telemetry.span("workflow.workflow").status.code).toBe(SpanStatusCode.ERROR);
  });

  it("parents steps under their parallel scope span", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const workflow = createWorkflow({ fetchUser }, { onEvent: otel.handleEvent });
    await workflow(async (step, deps) => {
      const lift = async (id: string) => ok(await step(() => deps.fetchUser(id), `user-${id}`));
      return step.parallel({ a: () => lift("a"), b: () => lift("b") }, { name: "users" });
    });
    const scope = telemetry.span("workflow.parallel users");
    expect(scope.attributes[A.scopeType]).toBe("parallel");
    expect(parentOf(scope)).toBe(idOf(telemetry.span("workflow.workflow")));
    expect(parentOf(telemetry.span("workflow.user-a"))).toBe(idOf(scope));
    expect(parentOf(telemetry.span("workflow.user-b"))).toBe(idOf(scope));
  });

  it("parents a bare run's steps under its scope and the caller's span, and keeps nothing after", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const request = telemetry.tracer.startSpan("request");
    await context.with(trace.setSpan(context.active(), request), () =>
      run(
        async (step) => {
          await step(ok(1), "first");
          const lift = async (id: string) => ok(await step(() => fetchUser(id), `user-${id}`));
          await step.parallel({ a: () => lift("a"), b: () => lift("b") }, { name: "users" });
          return step(ok(2), "last");
        },
        { onEvent: otel.handleEvent },
      ),
    );
    request.end();
    const scope = telemetry.span("workflow.parallel users");
    expect(parentOf(telemetry.span("workflow.first"))).toBe(idOf(telemetry.span("request")));
    expect(parentOf(scope)).toBe(idOf(telemetry.span("request")));
    expect(parentOf(telemetry.span("workflow.user-a"))).toBe(idOf(scope));
    expect(parentOf(telemetry.span("workflow.last"))).toBe(idOf(telemetry.span("request")));
    expect(otel.activeSpans()).toEqual({ workflows: 0, scopes: 0, steps: 0 });
  });

  it("reports this package's version as the instrumentation scope version", async () => {
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    trace.setGlobalTracerProvider(provider);
    const otel = createOtelEventHandler({ meter: telemetry.meter });
    await run(async (step) => step(ok(1), "one"), { onEvent: otel.handleEvent });
    const [span] = exporter.getFinishedSpans();
    expect(span?.instrumentationScope).toEqual({
      name: "@awaitly/otel",
      version: packageJson.version,
      schemaUrl: undefined,
    });
    await provider.shutdown();
  });

  it("parents steps under their race scope span and records the winner", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const firstOf = async (
      results: AsyncResult<{ id: string }, "NOT_FOUND">[],
    ): AsyncResult<{ id: string }, "NOT_FOUND"> => {
      const first = await anyAsync(results);
      return first.ok ? ok(first.value) : err("NOT_FOUND");
    };
    const workflow = createWorkflow({ fetchUser, firstOf }, { onEvent: otel.handleEvent });
    await workflow(async (step, deps) => {
      const mirror = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> =>
        ok(await step(() => deps.fetchUser(id), `mirror-${id}`));
      return step.race("mirrors", () => deps.firstOf([mirror("a"), mirror("b")]));
    });
    const scope = telemetry.span("workflow.race mirrors");
    expect(scope.attributes[A.scopeType]).toBe("race");
    expect(typeof scope.attributes[A.scopeWinnerId]).toBe("string");
    expect(parentOf(scope)).toBe(idOf(telemetry.span("workflow.workflow")));
    expect(parentOf(telemetry.span("workflow.mirror-a"))).toBe(idOf(scope));
    expect(parentOf(telemetry.span("workflow.mirror-b"))).toBe(idOf(scope));
  });

  it("marks replayed keyed steps as cache hits", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const cache = new Map();
    const workflow = createWorkflow({ fetchUser }, { cache, onEvent: otel.handleEvent });
    const body = async (step: RunStep<"NOT_FOUND">) =>
      step(() => fetchUser("u1"), { key: "user", name: "user" });
    await workflow(body);
    await workflow(body);
    const userSpans = telemetry.spans().filter((s) => s.name === "workflow.user");
    expect(userSpans.map((s) => s.attributes[A.stepCacheHit])).toEqual([false, true]);
  });
});

describe("createOtelEventHandler metrics", () => {
  it("records durations, errors, retries, cache hits and outcomes without run ids", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const cache = new Map();
    const workflow = createWorkflow({ fetchUser, charge }, { cache, onEvent: otel.handleEvent });
    await workflow(async (step, deps) =>
      step(() => deps.fetchUser("u1"), { key: "u", name: "user" }),
    );
    await workflow(async (step, deps) => {
      await step(() => deps.fetchUser("u1"), { key: "u", name: "user" });
      return step(() => deps.charge(500), "charge");
    });

    const durations = await telemetry.points("awaitly.step.duration");
    expect(
      durations
        .map((p) => p.attributes)
        .sort((a, b) => String(a[A.stepName]).localeCompare(String(b[A.stepName]))),
    ).toEqual([
      { [A.stepName]: "charge", [A.stepOutcome]: "error" },
      { [A.stepName]: "user", [A.stepOutcome]: "success" },
    ]);
    const errors = await telemetry.points("awaitly.step.errors");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      value: 1,
      attributes: { [A.stepName]: "charge", [A.errorType]: "DECLINED" },
    });
    expect((await telemetry.points("awaitly.step.cache.hits"))[0]?.value).toBe(1);
    expect((await telemetry.points("awaitly.step.cache.misses"))[0]?.value).toBe(1);
    const runs = await telemetry.points("awaitly.workflow.runs");
    expect(runs.map((p) => [p.attributes[A.workflowOutcome], p.value]).sort()).toEqual([
      ["error", 1],
      ["success", 1],
    ]);
    for (const name of ["awaitly.step.duration", "awaitly.step.errors", "awaitly.workflow.runs"]) {
      for (const point of await telemetry.points(name)) {
        expect(Object.keys(point.attributes)).not.toContain(A.workflowId);
        expect(Object.keys(point.attributes)).not.toContain(A.stepId);
        expect(Object.keys(point.attributes)).not.toContain(A.stepKey);
      }
    }
  });

  it("keeps free-text errors out of metric attributes", async () => {
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    await run(async (step) => step(err("user 42 was not found in region eu-west")), {
      onEvent: otel.handleEvent,
      onError: () => {},
    });
    const errors = await telemetry.points("awaitly.step.errors");
    expect(errors[0]?.attributes[A.errorType]).toBe("error");
  });
});

describe("createOtelEventHandler without an SDK", () => {
  it("uses the global no-op tracer and meter and changes nothing", async () => {
    await telemetry.shutdown();
    const otel = createOtelEventHandler();
    const workflow = createWorkflow({ fetchUser }, { onEvent: otel.handleEvent });
    expect(await workflow(async (step, deps) => step(() => deps.fetchUser("u1")))).toEqual(
      ok({ id: "u1" }),
    );
    telemetry = createTelemetry();
  });

  it("rejects non-object options", () => {
    expect(() => createOtelEventHandler("x" as never)).toThrow(TypeError);
  });
});
