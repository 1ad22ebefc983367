import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import { createRunTracing } from "@awaitly/otel";
import { spanFileProcessor, type SpanLine } from "./support/span-file";
import { useBull } from "./support/use-bull";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// useBull's clean-up scans the whole shared Redis for the test's prefix: slow on a busy server.
vi.setConfig({ hookTimeout: 120_000 });
const ctx = useBull();
const children = new Set<ChildProcess>();

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function spawnWorker(spanFile: string, hang: boolean): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@awaitly/source",
      "--import",
      "tsx",
      "test/support/traced-worker.ts",
      ctx.url,
      ctx.prefix,
      spanFile,
      hang ? "1" : "0",
    ],
    { cwd: packageDir, stdio: ["ignore", "ignore", "inherit"] },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const kill = async (child: ChildProcess) => {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
};

const readSpans = (file: string): SpanLine[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as SpanLine)
    : [];

let provider: BasicTracerProvider;
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "awaitly-trace-"));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  provider = new BasicTracerProvider({
    spanProcessors: [spanFileProcessor(join(dir, "producer.jsonl"))],
  });
});
afterEach(async () => {
  await Promise.all([...children].map(kill));
});
afterAll(async () => {
  await provider.shutdown();
  context.disable();
});

describe("tracing across workers", () => {
  it("puts a run in one trace over a producer and two workers, the first killed mid-step", async () => {
    const tracer = provider.getTracer("shop");
    const tracing = createRunTracing({ tracer, serviceName: "orders" });
    const queue = ctx.track(
      createWorkflowQueue<{ id: number }, string, never>("orders", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    const marks = async () => ctx.redis.lrange(`${ctx.prefix}:marks`, 0, -1);
    const [fileA, fileB] = [join(dir, "worker-a.jsonl"), join(dir, "worker-b.jsonl")];

    // The request that starts the run.
    const request = tracer.startSpan("POST /orders");
    await context.with(trace.setSpan(context.active(), request), () =>
      queue.enqueue({ id: 1 }, { runId: "order-1" }),
    );
    request.end();

    // Worker A takes the run and is killed inside step "two".
    const a = spawnWorker(fileA, true);
    await waitFor(async () => (await marks()).some((m) => m.startsWith("two-hangs")));
    await kill(a);

    // Worker B finds the stalled run, resumes after "one", and parks on the signal.
    spawnWorker(fileB, false);
    await waitFor(async () => (await queue.bullQueue.getJob("r_order-1"))?.isDelayed() ?? false);
    const approve = tracer.startSpan("POST /orders/1/approve");
    await context.with(trace.setSpan(context.active(), approve), () =>
      queue.signal("order-1", "approve", "yes"),
    );
    approve.end();
    expect(await queue.result("order-1", { timeoutMs: 20_000 })).toEqual(ok("three yes"));
    await waitFor(() =>
      readSpans(fileB).some(
        (s) =>
          s.phase === "end" &&
          s.name === "orders.attempt" &&
          s.attributes["awaitly.attempt.outcome"] === "completed",
      ),
    );

    await Promise.all([...children].map(kill));
    const producer = readSpans(join(dir, "producer.jsonl")).filter((s) => s.phase === "end");
    const spansA = readSpans(fileA);
    const spansB = readSpans(fileB);
    const ended = (spans: SpanLine[]) => spans.filter((s) => s.phase === "end");
    const startedOnly = (spans: SpanLine[]) =>
      spans.filter(
        (s) =>
          s.phase === "start" && !spans.some((e) => e.phase === "end" && e.spanId === s.spanId),
      );
    const requestId = request.spanContext().spanId;
    const traceId = request.spanContext().traceId;

    // One trace: every span of the three processes (the approving request is a trace of its own,
    // linked from the step it woke).
    const approveId = approve.spanContext().spanId;
    const run = [...producer, ...spansA, ...spansB].filter((s) => s.spanId !== approveId);
    expect(new Set(run.map((s) => s.traceId))).toEqual(new Set([traceId]));

    // Worker A: its attempt (child of the request) and workflow never ended; "one" did.
    const [attemptA] = spansA.filter((s) => s.name === "orders.attempt");
    expect(attemptA?.parentId).toBe(requestId);
    expect(attemptA?.attributes["awaitly.run.id"]).toBe("order-1");
    const workflowA = spansA.find((s) => s.name === "orders.workflow");
    expect(workflowA?.parentId).toBe(attemptA?.spanId);
    const oneA = ended(spansA).find((s) => s.name === "orders.one");
    expect(oneA?.parentId).toBe(workflowA?.spanId);
    expect(oneA?.attributes["awaitly.step.key"]).toBe("one");
    expect(
      startedOnly(spansA)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["orders.attempt", "orders.two", "orders.workflow"].sort());

    // Worker B reports A's attempt as lost (ended, linked to it) and resumes in a new attempt.
    const attemptsB = ended(spansB).filter((s) => s.name === "orders.attempt");
    const lost = attemptsB.find((s) => s.attributes["awaitly.attempt.outcome"] === "lost");
    expect(lost?.parentId).toBe(requestId);
    expect(lost?.attributes["awaitly.run.delivery"]).toBe(1);
    expect(lost?.links.map((l) => l.spanId)).toEqual([attemptA?.spanId]);
    const resumed = attemptsB.find((s) => s.attributes["awaitly.run.delivery"] === 2);
    expect(resumed?.parentId).toBe(requestId);
    expect(resumed?.attributes["awaitly.run.resumed"]).toBe(true);
    expect(resumed?.attributes["awaitly.attempt.outcome"]).toBe("parked");
    expect(
      resumed?.links.find((l) => l.attributes["awaitly.link.kind"] === "previous_attempt")?.spanId,
    ).toBe(attemptA?.spanId);
    const workflowB = ended(spansB).find(
      (s) => s.name === "orders.workflow" && s.parentId === resumed?.spanId,
    );
    const underB = ended(spansB).filter((s) => s.parentId === workflowB?.spanId);
    // "one" is replayed from its checkpoint, "two" runs again.
    expect(underB.find((s) => s.name === "orders.one")?.attributes["awaitly.step.cache_hit"]).toBe(
      true,
    );
    expect(underB.find((s) => s.name === "orders.two")?.attributes["awaitly.step.outcome"]).toBe(
      "success",
    );

    // The wake: a third attempt, whose signal step links to the approving request.
    const woken = attemptsB.find((s) => s.attributes["awaitly.run.delivery"] === 3);
    expect(woken?.parentId).toBe(requestId);
    expect(woken?.attributes["awaitly.attempt.outcome"]).toBe("completed");
    const signalStep = ended(spansB).find(
      (s) => s.attributes["awaitly.step.key"] === "awaitly:signal:approve" && s.links.length > 0,
    );
    expect(signalStep?.links).toEqual([
      {
        traceId: approve.spanContext().traceId,
        spanId: approveId,
        attributes: { "awaitly.link.kind": "signal", "awaitly.signal.name": "approve" },
      },
    ]);
  }, 60_000);

  it("leaves a run enqueued with trace: false untraced, and stores nothing without tracing", async () => {
    const exporter = new InMemorySpanExporter();
    const local = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = local.getTracer("shop");
    const tracing = createRunTracing({ tracer, serviceName: "orders" });
    const traced = ctx.track(
      createWorkflowQueue<number, number, never>("sums", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    const plain = ctx.queue<number, number, never>("sums");
    const double = async (n: number): AsyncResult<number, never> => ok(n * 2);
    ctx.worker("sums", {
      deps: { double },
      tracing,
      workflow: (step, deps, input: number) => step(() => deps.double(input), { key: "double" }),
    });
    const request = tracer.startSpan("POST /sums");
    await context.with(trace.setSpan(context.active(), request), async () => {
      await traced.enqueue(1, { runId: "lit" });
      await traced.enqueue(2, { runId: "dark", trace: false });
      await plain.enqueue(3, { runId: "plain" });
    });
    request.end();
    for (const runId of ["lit", "dark", "plain"]) {
      expect((await traced.result(runId, { timeoutMs: 10_000 })).ok).toBe(true);
    }
    // A run's outcome is stored before its attempt span ends: wait for the two spans, not more.
    const attempts = () => exporter.getFinishedSpans().filter((s) => s.name === "orders.attempt");
    await waitFor(async () => {
      await local.forceFlush();
      return attempts().length >= 2;
    });
    const runIds = attempts().map((s) => s.attributes["awaitly.run.id"]);
    // "plain" has no enqueuer context: its attempt is a root span of its own.
    expect(runIds.sort()).toEqual(["lit", "plain"]);
    expect(exporter.getFinishedSpans().filter((s) => s.name === "orders.step.double")).toHaveLength(
      2,
    );
    const data = async (runId: string) => (await traced.bullQueue.getJob(`r_${runId}`))?.data;
    expect((await data("lit"))?.trace).toEqual({
      traceparent: `00-${request.spanContext().traceId}-${request.spanContext().spanId}-01`,
    });
    expect((await data("dark"))?.trace).toBe(false);
    expect(await data("plain")).toEqual({ input: 3 });
    await local.shutdown();
  });

  it("refuses a tracing option that is not a RunTracing, naming the missing method", () => {
    expect(() =>
      createWorkflowQueue("bad", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing: { inject: () => undefined } as never,
      }),
    ).toThrow(/option "tracing" must be a RunTracing .* "startAttempt" is not a function/);
  });
});
