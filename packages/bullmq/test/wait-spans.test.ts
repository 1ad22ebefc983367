import { context, trace, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowQueue } from "@awaitly/bullmq";
import {
  createApprovalChecker,
  createApprovalStep,
  createMemoryApprovalStore,
} from "@awaitly/hitl";
import { createRunTracing } from "@awaitly/otel";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("shop");
const tracing = createRunTracing({ tracer, serviceName: "orders" });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
beforeEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  context.disable();
});

const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
const idOf = (span: ReadableSpan | Span) => span.spanContext().spanId;

/** Enqueues `runId` inside a request span; answers the request span. */
async function enqueueIn<TInput>(
  queue: { enqueue(input: TInput, options: { runId: string }): Promise<unknown> },
  input: TInput,
  runId: string,
): Promise<Span> {
  const request = tracer.startSpan(`POST /runs/${runId}`);
  await context.with(trace.setSpan(context.active(), request), () =>
    queue.enqueue(input, { runId }),
  );
  request.end();
  return request;
}

const parked = (runId: string, queue: { bullQueue: { getJob(id: string): Promise<unknown> } }) =>
  waitFor(async () => {
    const job = (await queue.bullQueue.getJob(`r_${runId}`)) as
      { isDelayed(): Promise<boolean> } | undefined;
    return (await job?.isDelayed()) ?? false;
  });

/** The attempts of `runId`, in delivery order, and its wait spans. */
function spansOf(runId: string) {
  const spans = exporter.getFinishedSpans().filter((s) => s.attributes["awaitly.run.id"] === runId);
  const attempts = spans
    .filter((s) => s.name === "orders.attempt")
    .sort(
      (a, b) =>
        Number(a.attributes["awaitly.run.delivery"]) - Number(b.attributes["awaitly.run.delivery"]),
    );
  const waits = spans.filter((s) => s.name.startsWith("orders.wait."));
  return { attempts, waits };
}

describe("wait spans (createRunTracing on a worker)", () => {
  it("covers a signal wait from the park to the wake, under the attempt that parked, outcome received", async () => {
    const queue = ctx.track(
      createWorkflowQueue<number, string, never>("signals", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    ctx.worker("signals", {
      deps: {},
      tracing,
      workflow: async (_step, _deps, _input: number, run) => {
        const answer = await run.waitForSignal<string>("approve");
        return answer.received ? answer.payload : "-";
      },
    });
    const request = await enqueueIn(queue, 1, "sig-1");
    await parked("sig-1", queue);
    await queue.signal("sig-1", "approve", "yes");
    expect(await queue.result("sig-1", { timeoutMs: 10_000 })).toEqual(ok("yes"));
    await waitFor(() => spansOf("sig-1").attempts.length === 2);

    const { attempts, waits } = spansOf("sig-1");
    const [first, woken] = attempts;
    expect(waits).toHaveLength(1);
    const [wait] = waits;
    expect(wait?.name).toBe("orders.wait.signal approve");
    expect(wait?.attributes).toMatchObject({
      "awaitly.run.id": "sig-1",
      "awaitly.wait.kind": "signal",
      "awaitly.signal.name": "approve",
      "awaitly.step.key": "awaitly:signal:approve",
      "awaitly.wait.outcome": "received",
      "messaging.destination.name": "signals",
    });
    // One trace: the request's; the wait hangs under the attempt that parked.
    expect(wait?.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(wait?.parentSpanContext?.spanId).toBe(idOf(first!));
    expect(first?.attributes["awaitly.attempt.outcome"]).toBe("parked");
    // From the park (the first attempt's end) to the wake (the second attempt's start).
    expect(ms(wait!.startTime)).toBeGreaterThanOrEqual(ms(first!.startTime));
    expect(ms(wait!.startTime)).toBeLessThanOrEqual(ms(first!.endTime));
    expect(ms(wait!.endTime)).toBeGreaterThanOrEqual(ms(first!.endTime));
    expect(ms(wait!.endTime)).toBeLessThanOrEqual(ms(woken!.startTime) + 1);
  });

  it("ends a signal wait whose deadline passed as timed_out, and a durable sleep as elapsed", async () => {
    const queue = ctx.track(
      createWorkflowQueue<number, string, never>("deadlines", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    ctx.worker("deadlines", {
      deps: {},
      tracing,
      workflow: async (_step, _deps, _input: number, run) => {
        await run.sleep("nap", 300);
        const answer = await run.waitForSignal("approve", { until: Date.now() + 300 });
        return answer.received ? "approved" : "expired";
      },
    });
    await enqueueIn(queue, 1, "late-1");
    expect(await queue.result("late-1", { timeoutMs: 10_000 })).toEqual(ok("expired"));
    await waitFor(() => spansOf("late-1").waits.length === 2);
    const { attempts, waits } = spansOf("late-1");
    const sleep = waits.find((s) => s.name === "orders.wait.sleep");
    expect(sleep?.attributes).toMatchObject({
      "awaitly.wait.kind": "sleep",
      "awaitly.step.key": "awaitly:sleep:nap",
      "awaitly.wait.outcome": "elapsed",
    });
    expect(sleep?.attributes["awaitly.wait.until"]).toBeTypeOf("number");
    const signal = waits.find((s) => s.name === "orders.wait.signal approve");
    expect(signal?.attributes["awaitly.wait.outcome"]).toBe("timed_out");
    // Each under the attempt that parked on it.
    expect(sleep?.parentSpanContext?.spanId).toBe(idOf(attempts[0]!));
    expect(signal?.parentSpanContext?.spanId).toBe(idOf(attempts[1]!));
  });

  it("ends a wait for a child run as completed and a pending approval as received", async () => {
    const store = createMemoryApprovalStore();
    const checker = createApprovalChecker<{ by: string }>(store);
    const approval = createApprovalStep<{ by: string }>({
      key: "approve:refund",
      checkApproval: checker("approve:refund"),
    });
    const refunds = ctx.track(
      createWorkflowQueue<number, string, never>("refunds", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    const audits = ctx.track(
      createWorkflowQueue<number, number, never>("audits", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    const double = async (n: number): AsyncResult<number, never> => ok(n * 2);
    ctx.worker("audits", {
      deps: { double },
      tracing,
      workflow: (step, deps, n: number) => step(() => deps.double(n), { key: "double" }),
    });
    ctx.worker("refunds", {
      deps: { approval },
      tracing,
      approvalRecheckMs: 100,
      workflow: async (step, deps, n: number, run) => {
        const audit = await run.child(audits, "audit", n);
        const decision = await step(() => deps.approval(), { key: "approve" });
        return `${String(audit.ok ? audit.value : -1)} by ${decision.by}`;
      },
    });
    await store.createApproval("approve:refund");
    await enqueueIn(refunds, 21, "refund-1");
    // The approval is rechecked (a wake, a park again) before it is granted: still one wait.
    const rechecked = () =>
      spansOf("refund-1").attempts.filter(
        (s) => s.attributes["awaitly.attempt.outcome"] === "parked",
      ).length >= 3;
    await waitFor(rechecked);
    await store.grantApproval("approve:refund", { by: "ada" });
    await refunds.resume("refund-1");
    expect(await refunds.result("refund-1", { timeoutMs: 10_000 })).toEqual(ok("42 by ada"));
    await waitFor(() => spansOf("refund-1").waits.length === 2);
    const { waits } = spansOf("refund-1");
    expect(waits.map((s) => [s.name, s.attributes["awaitly.wait.outcome"]]).sort()).toEqual([
      ["orders.wait.approval", "received"],
      ["orders.wait.children", "completed"],
    ]);
    expect(
      waits.find((s) => s.name === "orders.wait.approval")?.attributes["awaitly.step.key"],
    ).toBe("approve:refund");
  });

  it("ends the wait of a run cancelled while parked as cancelled, and stores nothing for untraced runs", async () => {
    const queue = ctx.track(
      createWorkflowQueue<number, string, never>("cancels", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    ctx.worker("cancels", {
      deps: {},
      tracing,
      workflow: async (_step, _deps, _input: number, run) => {
        await run.waitForSignal("never");
        return "done";
      },
    });
    await enqueueIn(queue, 1, "cancel-1");
    await queue.enqueue(2, { runId: "dark-1", trace: false });
    await parked("cancel-1", queue);
    await parked("dark-1", queue);
    const detail = async (runId: string) =>
      JSON.parse(
        (await ctx.redis.hget(`${ctx.prefix}:cancels:awaitly:run:r_${runId}`, "pm")) ?? "{}",
      ) as Record<string, unknown>;
    expect(Object.keys(await detail("dark-1")).sort()).toEqual(["on", "stepKey", "until"]);
    expect(Object.keys(await detail("cancel-1")).sort()).toEqual([
      "at",
      "on",
      "stepKey",
      "tc",
      "until",
    ]);
    await queue.cancel("cancel-1");
    await queue.cancel("dark-1");
    await waitFor(() => spansOf("cancel-1").waits.length === 1);
    const [wait] = spansOf("cancel-1").waits;
    expect(wait?.attributes["awaitly.wait.outcome"]).toBe("cancelled");
    expect(wait?.parentSpanContext?.spanId).toBe(idOf(spansOf("cancel-1").attempts[0]!));
    expect(spansOf("dark-1").waits).toEqual([]);
  });

  it("ends a wait as abandoned when the woken attempt fails before it gets past the wait", async () => {
    const queue = ctx.track(
      createWorkflowQueue<number, string, never>("crashes", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        tracing,
      }),
    );
    let starts = 0;
    ctx.worker("crashes", {
      deps: {},
      tracing,
      workflow: async (_step, _deps, _input: number, run) => {
        starts++;
        if (starts === 2) throw new Error("the woken attempt fails");
        await run.sleep("nap", 100);
        return "done";
      },
    });
    await enqueueIn(queue, 1, "crash-1");
    await waitFor(() => spansOf("crash-1").waits.length === 1);
    const [wait] = spansOf("crash-1").waits;
    expect(wait?.attributes["awaitly.wait.outcome"]).toBe("abandoned");
    const woken = spansOf("crash-1").attempts.find(
      (s) => s.attributes["awaitly.run.delivery"] === 2,
    );
    expect(woken?.attributes["awaitly.attempt.outcome"]).toBe("failed");
  });
});
