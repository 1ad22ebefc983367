/** What `POST /checkout` accepts. */
export type Order = {
  orderId: string;
  customerEmail: string;
  items: { sku: string; quantity: number }[];
  amountCents: number;
  /** Simulated card: "4242…" pays, "4000-0000-0000-0002" is declined, "4000-flaky" fails once. */
  card: string;
};

export type OrderError =
  | { type: "INVALID_ORDER"; fields: string[] }
  | { type: "OUT_OF_STOCK"; sku: string }
  | { type: "CARD_DECLINED"; orderId: string }
  | { type: "PAYMENT_UNAVAILABLE"; reason: string }
  | { type: "EMAIL_FAILED" };

/** Checks the shape of an untrusted body; the list names every bad field. */
export function invalidFields(body: unknown): string[] {
  const o = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const bad: string[] = [];
  if (typeof o.orderId !== "string" || !/^[\w-]{1,64}$/.test(o.orderId)) bad.push("orderId");
  if (typeof o.customerEmail !== "string" || !/^[^@\s]+@[^@\s]+$/.test(o.customerEmail))
    bad.push("customerEmail");
  if (
    !Array.isArray(o.items) ||
    o.items.length === 0 ||
    !o.items.every(
      (i: unknown) =>
        typeof i === "object" &&
        i !== null &&
        typeof (i as { sku?: unknown }).sku === "string" &&
        Number.isInteger((i as { quantity?: unknown }).quantity) &&
        ((i as { quantity: number }).quantity ?? 0) > 0,
    )
  )
    bad.push("items");
  if (!Number.isInteger(o.amountCents) || (o.amountCents as number) <= 0) bad.push("amountCents");
  if (typeof o.card !== "string" || o.card.length === 0) bad.push("card");
  return bad;
}
