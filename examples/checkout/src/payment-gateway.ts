import { createCircuitBreaker, isCircuitOpenError } from "@awaitly/circuit-breaker";
import { err, hasType, ok, type AsyncResult, type StepOptions } from "@awaitly/core";
import { servicePolicies, stepOptions } from "@awaitly/policies";
import { createRateLimiter } from "@awaitly/ratelimit";
import type { Order } from "./order";
import type { Services } from "./services";

export type PaymentError =
  { type: "CARD_DECLINED"; orderId: string } | { type: "PAYMENT_UNAVAILABLE"; reason: string };

/**
 * The payment provider behind the protections a real integration needs: a rate limiter keeps us
 * inside the provider's quota, a circuit breaker stops hammering it while it is down, and provider
 * outages become a typed, retryable `PAYMENT_UNAVAILABLE` instead of an exception.
 */
export function createPaymentGateway(provider: Services["paymentProvider"]) {
  const breaker = createCircuitBreaker("payments", {
    failureThreshold: 5,
    resetTimeout: 10_000,
  });
  const limiter = createRateLimiter("payments", { maxPerSecond: 20, burstCapacity: 40 });

  async function charge(order: Order): AsyncResult<{ chargeId: string }, PaymentError> {
    try {
      const outcome = await limiter.execute(() => breaker.execute(() => provider.charge(order)));
      return outcome.declined
        ? err({ type: "CARD_DECLINED", orderId: order.orderId })
        : ok({ chargeId: outcome.chargeId });
    } catch (error) {
      const reason = isCircuitOpenError(error) ? error.message : String((error as Error).message);
      return err({ type: "PAYMENT_UNAVAILABLE", reason });
    }
  }

  /** Step options for the charge: the shared HTTP policy, retrying only provider outages. */
  const chargeStepOptions = (key: string): StepOptions =>
    stepOptions()
      .policy(servicePolicies.httpApi)
      .retry({
        attempts: 3,
        backoff: "exponential",
        initialDelay: 50,
        jitter: false,
        retryOn: (error) => hasType(error, "PAYMENT_UNAVAILABLE"),
      })
      .name("Charge card")
      .key(key)
      .build();

  return { charge, refund: provider.refund, chargeStepOptions, breaker, limiter };
}

export type PaymentGateway = ReturnType<typeof createPaymentGateway>;
