import {
  createWorkflow,
  err,
  ok,
  type AsyncResult,
  type ErrorsOfDeps,
  type ResumeState,
  type RunStep,
  type WorkflowEvent,
} from "@awaitly/core";
import { createApprovalStep } from "@awaitly/hitl";
import { checkpointedStep, runSagaStep, type SagaEvent } from "@awaitly/saga";
import { invalidFields, type Order } from "./order";
import type { PaymentGateway } from "./payment-gateway";
import type { Services } from "./services";

export type Receipt = {
  orderId: string;
  reservationId: string;
  chargeId: string;
  messageId: string;
};
export type ManagerDecision = { approvedBy: string };

export type CheckoutDeps = {
  services: Services;
  payments: PaymentGateway;
  /** `checkApproval` for a key, reading the approval store. */
  checkApproval: (
    key: string,
  ) => () => Promise<
    | { status: "pending" }
    | { status: "approved"; value: ManagerDecision }
    | { status: "rejected"; reason: string }
  >;
  /** Orders above this amount wait for a manager. */
  approvalThresholdCents: number;
};

export const approvalKeyOf = (order: Order) => `approval:${order.orderId}`;

/** The workflow's dependencies: every error they can return makes up the workflow's error type. */
export function checkoutDependencies({ services, payments, checkApproval }: CheckoutDeps) {
  return {
    validate: async (
      order: Order,
    ): AsyncResult<Order, { type: "INVALID_ORDER"; fields: string[] }> => {
      const fields = invalidFields(order);
      return fields.length === 0 ? ok(order) : err({ type: "INVALID_ORDER", fields });
    },
    managerApproval: (order: Order) =>
      createApprovalStep<ManagerDecision>({
        key: approvalKeyOf(order),
        checkApproval: checkApproval(approvalKeyOf(order)),
        pendingReason: `order ${order.orderId} is above the approval threshold`,
        metadata: { orderId: order.orderId, amountCents: order.amountCents },
      })(),
    reserve: services.inventory.reserve,
    charge: payments.charge,
    sendConfirmation: services.email.sendConfirmation,
  };
}

type Deps = ReturnType<typeof checkoutDependencies>;

/**
 * The checkout: validate → (manager approval above the threshold) → a saga that reserves stock,
 * charges the card and sends the confirmation, undoing completed steps in reverse on failure.
 * Every step is keyed, so a resumed run replays finished steps from the checkpoint instead of
 * repeating them (no double charge after a restart). A failed step ends the run with its own typed
 * error once the saga has rolled back; a failed rollback surfaces as an `UnexpectedError`.
 */
export function checkoutBody(deps: CheckoutDeps, onSagaEvent: (event: SagaEvent) => void) {
  return async (step: RunStep<ErrorsOfDeps<Deps>>, d: Deps, order: Order): Promise<Receipt> => {
    await step(() => d.validate(order), { key: "validate", name: "Validate order" });
    if (order.amountCents > deps.approvalThresholdCents) {
      await step(() => d.managerApproval(order), {
        key: approvalKeyOf(order),
        name: "Manager approval",
      });
    }
    return runSagaStep(
      step,
      async (saga) => {
        const { reservationId } = await saga.step(
          () =>
            checkpointedStep(step, () => d.reserve(order), {
              key: "reserve",
              name: "Reserve stock",
            }),
          {
            name: "reserve",
            compensate: ({ reservationId }) => deps.services.inventory.release(reservationId),
          },
        );
        const { chargeId } = await saga.step(
          () =>
            checkpointedStep(
              step,
              () => d.charge(order),
              deps.payments.chargeStepOptions("charge"),
            ),
          { name: "charge", compensate: ({ chargeId }) => deps.payments.refund(chargeId) },
        );
        const { messageId } = await saga.step(
          () =>
            checkpointedStep(step, () => d.sendConfirmation(order, chargeId), {
              key: "confirm",
              name: "Send confirmation",
            }),
          { name: "confirm" },
        );
        return { orderId: order.orderId, reservationId, chargeId, messageId };
      },
      { onEvent: onSagaEvent },
    );
  };
}

/** One invocation of the checkout workflow, resumed from `resumeState` when given. */
export function createCheckoutWorkflow(
  deps: CheckoutDeps,
  options: {
    resumeState?: ResumeState | undefined;
    onEvent: (event: WorkflowEvent<unknown, unknown>) => void;
    onAfterStep: (stepKey: string) => Promise<void>;
  },
) {
  return createWorkflow(checkoutDependencies(deps), {
    resumeState: options.resumeState,
    onEvent: options.onEvent,
    onAfterStep: (key) => options.onAfterStep(key),
  });
}
