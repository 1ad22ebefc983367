import {
  createWorkflow,
  ok,
  type AsyncResult,
  type ErrorsOfDeps,
  type RunStep,
} from "@awaitly/core";
import {
  createApprovalChecker,
  createApprovalStep,
  type ApprovalStore,
  type HITLWorkflowFactoryOptions,
} from "@awaitly/hitl";

export type Approval = { by: string };
export type OrderInput = { orderId: string; amount: number };

/**
 * A real two-gate workflow: reserve → manager approval → charge → finance approval → ship.
 * Counts how often each side effect ran.
 */
export function createOrderWorkflow(approvalStore: ApprovalStore) {
  const calls = { reserve: 0, charge: 0, ship: 0 };
  const check = createApprovalChecker<Approval>(approvalStore);
  const managerGate = createApprovalStep<Approval>({
    key: "approve:manager",
    checkApproval: check("approve:manager"),
    pendingReason: "manager sign-off",
  });
  const financeGate = createApprovalStep<Approval>({
    key: "approve:finance",
    checkApproval: check("approve:finance"),
    pendingReason: "finance sign-off",
  });
  const reserve = async (orderId: string): AsyncResult<string, "OUT_OF_STOCK"> => {
    calls.reserve++;
    return ok(`reservation:${orderId}`);
  };
  const charge = async (amount: number): AsyncResult<string, "DECLINED"> => {
    calls.charge++;
    return ok(`receipt:${amount}`);
  };
  const ship = async (reservation: string): AsyncResult<string, never> => {
    calls.ship++;
    return ok(`shipped:${reservation}`);
  };
  const deps = { managerGate, financeGate, reserve, charge, ship };
  const factory = ({ resumeState, onEvent }: HITLWorkflowFactoryOptions) =>
    createWorkflow(deps, { resumeState, onEvent });
  const body = async (
    step: RunStep<ErrorsOfDeps<typeof deps>>,
    d: typeof deps,
    input: OrderInput,
  ) => {
    const reservation = await step(() => d.reserve(input.orderId), { key: "reserve" });
    const manager = await step(d.managerGate, { key: "approve:manager" });
    const receipt = await step(() => d.charge(input.amount), { key: "charge" });
    const finance = await step(d.financeGate, { key: "approve:finance" });
    const shipped = await step(() => d.ship(reservation), { key: "ship" });
    return { receipt, shipped, approvers: [manager.by, finance.by] };
  };
  return { calls, factory, body, deps };
}
