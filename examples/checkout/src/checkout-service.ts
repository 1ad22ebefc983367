import {
  isStepComplete,
  type KeyValueStore,
  type ResumeStateEntry,
  type WorkflowEvent,
} from "@awaitly/core";
import {
  clearStep,
  createApprovalChecker,
  isPendingApproval,
  type ApprovalStore,
} from "@awaitly/hitl";
import type { SagaEvent } from "@awaitly/saga";
import {
  approvalKeyOf,
  checkoutBody,
  createCheckoutWorkflow,
  type CheckoutDeps,
  type ManagerDecision,
} from "./checkout-workflow";
import type { Order } from "./order";
import type { PaymentGateway } from "./payment-gateway";
import { createRunRepository, type RunRecord, type StoredEvent } from "./runs";
import type { Services } from "./services";

export type CheckoutServiceOptions = {
  store: KeyValueStore;
  approvals: ApprovalStore;
  services: Services;
  payments: PaymentGateway;
  approvalThresholdCents: number;
  /** How long a manager has to decide, in ms. */
  approvalExpiresInMs?: number | undefined;
  /** Extra listeners for every workflow event (tracing, logging). */
  onEvent?: ((event: WorkflowEvent<unknown, unknown>) => void) | undefined;
};

/**
 * Starts and resumes checkout runs. All state lives in the store, so a new process with the same
 * store picks up where the previous one stopped.
 */
export function createCheckoutService(options: CheckoutServiceOptions) {
  const runs = createRunRepository(options.store);
  const deps: CheckoutDeps = {
    services: options.services,
    payments: options.payments,
    checkApproval: createApprovalChecker<ManagerDecision>(options.approvals),
    approvalThresholdCents: options.approvalThresholdCents,
  };

  async function execute(record: RunRecord): Promise<RunRecord> {
    const resumeState = await runs.loadCheckpoint(record.runId);
    const steps = new Map<string, ResumeStateEntry>(resumeState?.steps ?? []);
    const invocation = record.invocations.length;
    const events: StoredEvent[] = [];
    const executed: string[] = [];
    const compensations: string[] = [];
    let workflowId = "";

    const workflow = createCheckoutWorkflow(deps, {
      resumeState,
      onEvent: (event) => {
        workflowId = event.workflowId;
        if (isStepComplete(event)) {
          steps.set(event.stepKey, { result: event.result, meta: event.meta });
          executed.push(event.stepKey);
        }
        events.push(storable(event, invocation));
        options.onEvent?.(event);
      },
      // Checkpoint after every keyed step: a crash loses at most the step in flight.
      onAfterStep: () => runs.saveCheckpoint(record.runId, { steps }),
    });
    const onSagaEvent = (event: SagaEvent) => {
      if (event.type === "saga_compensation_step") {
        compensations.push(
          `${event.stepName ?? "step"}: ${event.success ? "undone" : "undo failed"}`,
        );
      }
    };

    const result = await workflow(record.order, checkoutBody(deps, onSagaEvent));
    await runs.appendEvents(record.runId, events);

    const next: RunRecord = {
      ...record,
      invocations: [...record.invocations, { workflowId, startedAt: Date.now(), steps: executed }],
      compensations: [...record.compensations, ...compensations],
    };
    if (result.ok) {
      next.status = "completed";
      next.outcome = { ok: true, value: result.value };
    } else if (isPendingApproval(result.error)) {
      next.status = "awaiting_approval";
      next.approvalKey = result.error.stepKey;
      next.outcome = { ok: false, error: result.error };
    } else {
      next.status = "failed";
      next.outcome = { ok: false, error: jsonSafe(result.error) };
    }
    await runs.save(next);
    return next;
  }

  return {
    runs,
    /** Runs a new checkout, or returns the existing run for an order id already seen. */
    async start(order: Order): Promise<RunRecord> {
      const existing = await runs.load(order.orderId);
      if (existing) return existing;
      const record: RunRecord = {
        runId: order.orderId,
        order,
        status: "running",
        invocations: [],
        compensations: [],
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      if (order.amountCents > options.approvalThresholdCents) {
        record.approvalKey = approvalKeyOf(order);
        await options.approvals.createApproval(record.approvalKey, {
          metadata: { runId: record.runId, amountCents: order.amountCents },
          expiresAt: Date.now() + (options.approvalExpiresInMs ?? 24 * 60 * 60 * 1000),
        });
      }
      await runs.save(record);
      return execute(record);
    },
    /** Re-runs a paused checkout after its approval was decided; finished steps are replayed. */
    async resumeAfterDecision(approvalKey: string): Promise<RunRecord | undefined> {
      const runId = await runs.runForApproval(approvalKey);
      const record = runId === undefined ? undefined : await runs.load(runId);
      if (!record || record.status !== "awaiting_approval") return record;
      const state = await runs.loadCheckpoint(record.runId);
      // The checkpoint holds the gate's "pending" answer: drop it so the gate asks the store again.
      if (state) await runs.saveCheckpoint(record.runId, clearStep(state, approvalKey));
      return execute(record);
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;

/** Keeps what a diagram needs and turns Errors into plain data so the event log is JSON. */
function storable(event: WorkflowEvent<unknown, unknown>, invocation: number): StoredEvent {
  const copy: StoredEvent = { invocation };
  for (const [key, value] of Object.entries(event)) {
    if (key === "context") continue;
    copy[key] = jsonSafe(value);
  }
  return copy;
}

function jsonSafe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

