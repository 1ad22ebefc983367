import { ok, type AsyncResult } from "@awaitly/core";
import type { WorkflowRun } from "@awaitly/bullmq";
import type { Redis } from "ioredis";

export const QUEUE = "orders";
export const STEPS = ["reserve", "charge", "pack", "ship", "email"] as const;

export type Order = { orderId: string; amount: number };

/**
 * The order workflow's dependencies. Each step counts its side effect in Redis (a stand-in for the
 * payment API, the warehouse, the mailer) under the step's idempotency key, and takes ~300 ms.
 */
export function orderDeps(
  redis: Redis,
  namespace: string,
  onRun: (idempotencyKey: string) => void,
) {
  const act = async (idempotencyKey: string): AsyncResult<string, never> => {
    onRun(idempotencyKey);
    await redis.hincrby(`${namespace}:effects`, idempotencyKey, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return ok(idempotencyKey);
  };
  return { act };
}

/** Five keyed steps: each is checkpointed as it completes, so a resumed run skips it. */
export async function orderWorkflow(
  step: (operation: () => AsyncResult<string, never>, options: { key: string }) => Promise<string>,
  deps: ReturnType<typeof orderDeps>,
  order: Order,
  run: WorkflowRun,
  onStepDone: (stepKey: string) => void,
): Promise<string> {
  for (const key of STEPS) {
    await step(() => deps.act(run.idempotencyKey(key)), { key });
    onStepDone(key);
  }
  return `order ${order.orderId} shipped`;
}
