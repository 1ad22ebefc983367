import { err, ok, type AsyncResult } from "@awaitly/core";
import type { Order } from "./order";

/**
 * Simulated downstream systems. They keep their own state in memory and count calls, so the demo
 * and the tests can show exactly what ran, what was retried and what was undone.
 */
export function createServices(initialStock: Record<string, number> = { book: 100, lamp: 20 }) {
  const stock = new Map(Object.entries(initialStock));
  const reservations = new Map<string, Order["items"]>();
  const charges = new Map<string, { amountCents: number; refunded: boolean }>();
  const sentEmails: string[] = [];
  const flakyCardsSeen = new Set<string>();
  const calls = { reserve: 0, release: 0, charge: 0, refund: 0, email: 0 };

  const inventory = {
    async reserve(
      order: Order,
    ): AsyncResult<{ reservationId: string }, { type: "OUT_OF_STOCK"; sku: string }> {
      calls.reserve++;
      for (const { sku, quantity } of order.items) {
        if ((stock.get(sku) ?? 0) < quantity) return err({ type: "OUT_OF_STOCK", sku });
      }
      for (const { sku, quantity } of order.items) stock.set(sku, (stock.get(sku) ?? 0) - quantity);
      const reservationId = `res_${order.orderId}`;
      reservations.set(reservationId, order.items);
      return ok({ reservationId });
    },
    async release(reservationId: string): Promise<void> {
      calls.release++;
      for (const { sku, quantity } of reservations.get(reservationId) ?? []) {
        stock.set(sku, (stock.get(sku) ?? 0) + quantity);
      }
      reservations.delete(reservationId);
    },
    level: (sku: string) => stock.get(sku) ?? 0,
  };

  /** The raw provider: throws on outages, like a real HTTP client would. */
  const paymentProvider = {
    async charge(order: Order): Promise<{ chargeId: string; declined: boolean }> {
      calls.charge++;
      if (order.card === "4000-flaky" && !flakyCardsSeen.has(order.orderId)) {
        flakyCardsSeen.add(order.orderId);
        throw new Error("payment provider: 503 Service Unavailable");
      }
      if (order.card === "4000-0000-0000-0002") return { chargeId: "", declined: true };
      const chargeId = `ch_${order.orderId}`;
      charges.set(chargeId, { amountCents: order.amountCents, refunded: false });
      return { chargeId, declined: false };
    },
    async refund(chargeId: string): Promise<void> {
      calls.refund++;
      const charge = charges.get(chargeId);
      if (charge) charge.refunded = true;
    },
    charges,
  };

  const email = {
    async sendConfirmation(
      order: Order,
      chargeId: string,
    ): AsyncResult<{ messageId: string }, { type: "EMAIL_FAILED" }> {
      calls.email++;
      if (order.customerEmail.endsWith("@bounce.test")) return err({ type: "EMAIL_FAILED" });
      sentEmails.push(`${order.customerEmail}: order ${order.orderId} paid (${chargeId})`);
      return ok({ messageId: `msg_${order.orderId}` });
    },
    sent: sentEmails,
  };

  return { inventory, paymentProvider, email, calls };
}

export type Services = ReturnType<typeof createServices>;
