import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Tracer,
} from "@opentelemetry/api";
import type {
  RunAttemptInfo,
  RunAttemptSpan,
  RunTracing,
  RunWaitInfo,
  TraceCarrier,
} from "@awaitly/core";
import { AWAITLY_ATTRIBUTES as A } from "./attributes";
import { failSpan } from "./internal/fail-span";
import { fromCarrier, toCarrier } from "./internal/traceparent";
import { VERSION } from "./internal/version";
import {
  createOtelEventHandler,
  type OtelEventHandler,
  type OtelEventHandlerOptions,
} from "./otel-event-handler";
import { disabledByEnv, withoutTracing } from "./tracing-switch";

/** Core's `RunTracing` backed by OpenTelemetry (pass it as `tracing` to a queue and a worker). */
export interface RunTracingAdapter extends RunTracing {
  /** The event handler behind `handleEvent` and `aroundStep`. */
  readonly handler: OtelEventHandler;
}

/** Options of `createRunTracing`: the event handler's, plus an existing handler to share. */
export interface RunTracingOptions extends OtelEventHandlerOptions {
  /** Use this handler for the workflow and step spans. Defaults to one made from these options. */
  handler?: OtelEventHandler | undefined;
}

const linkTo = (carrier: TraceCarrier, attributes: Attributes): Link[] => {
  const span = fromCarrier(carrier);
  return span === undefined ? [] : [{ context: span, attributes }];
};

/**
 * One trace per durable run across processes: the producer's context travels with the run, each
 * worker attempt is a span under it (with the run's workflow and step spans below, each step's
 * span active while its operation runs), signals and resumes are span links, and an attempt whose
 * process died is reported by the next one. Give the same adapter to the queue and the worker.
 * @example
 * const tracing = createRunTracing({ serviceName: "orders" });
 * const queue = createWorkflowQueue("orders", { connection, tracing });
 * const worker = createWorkflowWorker("orders", { connection, checkpointer, deps, workflow, tracing });
 */
export function createRunTracing(options: RunTracingOptions = {}): RunTracingAdapter {
  const enabled = options.enabled ?? !disabledByEnv();
  const handler = options.handler ?? createOtelEventHandler({ ...options, enabled });
  const tracer: Tracer = options.tracer ?? trace.getTracer("@awaitly/otel", VERSION);
  const serviceName = options.serviceName ?? "workflow";
  const base: Attributes = { ...(options.defaultAttributes ?? {}) };

  const startAttempt = (attempt: RunAttemptInfo): RunAttemptSpan => {
    const remote = fromCarrier(attempt.parent);
    const parent =
      remote === undefined ? context.active() : trace.setSpanContext(ROOT_CONTEXT, remote);
    const attributes: Attributes = {
      ...base,
      [A.runId]: attempt.runId,
      [A.runDelivery]: attempt.delivery,
      [A.workflowName]: attempt.workflowName,
      "messaging.system": "bullmq",
      "messaging.destination.name": attempt.queue,
    };
    const links: Link[] = attempt.links.flatMap((l) =>
      linkTo(l.carrier, { [A.linkKind]: l.kind, ...(l.name ? { [A.signalName]: l.name } : {}) }),
    );
    if (attempt.lost !== undefined) {
      // The dead process never exported its attempt span: report it, ended now, as lost.
      const { carrier, delivery, startedAt } = attempt.lost;
      const lost = tracer.startSpan(
        `${serviceName}.attempt`,
        {
          kind: SpanKind.CONSUMER,
          startTime: startedAt,
          attributes: { ...attributes, [A.runDelivery]: delivery, [A.attemptOutcome]: "lost" },
          links: linkTo(carrier, { [A.linkKind]: "lost_attempt" }),
        },
        parent,
      );
      lost.setStatus({ code: SpanStatusCode.ERROR, message: "the attempt's process died" });
      lost.end();
      links.push(...linkTo(carrier, { [A.linkKind]: "previous_attempt" }));
    }
    const span = tracer.startSpan(
      `${serviceName}.attempt`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          ...attributes,
          [A.runResumed]: attempt.lost !== undefined || attempt.delivery > 1,
        },
        links,
      },
      parent,
    );
    if (!span.isRecording()) {
      return { carrier: undefined, run: (fn) => fn(), end: () => span.end() };
    }
    const active = trace.setSpan(parent, span);
    return {
      carrier: toCarrier(span.spanContext()),
      run: (fn) => context.with(active, fn),
      end(outcome, error) {
        span.setAttribute(A.attemptOutcome, outcome);
        if (outcome === "failed") failSpan(span, error);
        span.end();
      },
    };
  };

  // The whole wait is known once it ended: one span from the park to the wake, under the attempt
  // that parked (it outlives that attempt, as the wait did).
  const wait = (info: RunWaitInfo): void => {
    const parked = info.parent === undefined ? undefined : fromCarrier(info.parent);
    if (parked === undefined) return;
    const attributes: Attributes = {
      ...base,
      [A.runId]: info.runId,
      [A.waitKind]: info.kind,
      [A.waitOutcome]: info.outcome,
      "messaging.destination.name": info.queue,
    };
    if (info.stepKey !== undefined) attributes[A.stepKey] = info.stepKey;
    if (info.signal !== undefined) attributes[A.signalName] = info.signal;
    if (info.until !== undefined) attributes[A.waitUntil] = info.until;
    const name = `${serviceName}.wait.${info.kind}${info.signal ? ` ${info.signal}` : ""}`;
    tracer
      .startSpan(
        name,
        { startTime: info.parkedAt, attributes },
        trace.setSpanContext(ROOT_CONTEXT, parked),
      )
      .end(Math.max(info.parkedAt, info.endedAt));
  };

  if (!enabled) {
    return {
      handler,
      handleEvent: handler.handleEvent,
      aroundStep: handler.aroundStep,
      inject: () => undefined,
      startAttempt: () => ({ carrier: undefined, run: (fn) => fn(), end: () => {} }),
      link: () => {},
      suppress: (fn) => fn(),
    };
  }
  return {
    handler,
    handleEvent: handler.handleEvent,
    aroundStep: handler.aroundStep,
    inject: () => {
      const span = trace.getSpan(context.active());
      return span?.isRecording() ? toCarrier(span.spanContext()) : undefined;
    },
    startAttempt,
    wait,
    link(link) {
      const span = trace.getSpan(context.active());
      for (const l of linkTo(link.carrier, {
        [A.linkKind]: link.kind,
        ...(link.name ? { [A.signalName]: link.name } : {}),
      })) {
        span?.addLink(l);
      }
    },
    suppress: withoutTracing,
  };
}
