import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  createExpressHandler,
  createResultMapper,
  createSimpleHandler,
  createWebhookHandler,
  requireFields,
  type WebhookRequest,
} from "@awaitly/webhook";

type Order = { orderId: string; amountCents: number };

const chargeCard = async (order: Order): AsyncResult<{ chargeId: string }, "CARD_DECLINED"> => {
  if (order.orderId === "explode") throw new Error("secret database password in this message");
  return order.amountCents > 10_000
    ? err("CARD_DECLINED")
    : ok({ chargeId: `ch_${order.orderId}` });
};
const checkout = createWorkflow({ chargeCard });

const validateOrder = (req: WebhookRequest) => {
  const missing = requireFields(["orderId", "amountCents"])(req.body as Record<string, unknown>);
  return missing.ok ? ok(req.body as Order) : missing;
};

const onError = vi.fn();
let server: Server;
let base = "";

beforeAll(async () => {
  const app = express();
  // A generous parser limit, so the handler's own 1 MiB default is what refuses large bodies.
  app.use(express.json({ limit: "10mb" }));
  const orders = createWebhookHandler(
    checkout,
    (step, { chargeCard }, order: Order) => step(() => chargeCard(order)),
    {
      validateInput: validateOrder,
      mapResult: createResultMapper(
        [{ error: "CARD_DECLINED", status: 402, message: "declined" }],
        {
          successStatus: 201,
        },
      ),
      onError: (error) => onError(error),
    },
  );
  app.all("/orders", createExpressHandler(orders));
  const ping = createSimpleHandler({
    validateInput: (req) => ok((req.body as { name?: string } | undefined)?.name ?? "world"),
    handler: async (name: string) => ok(`hello ${name}`),
    mapResult: (result) => ({ status: 200, body: result.ok ? { message: result.value } : {} }),
    allowedMethods: ["POST", "PUT"],
  });
  app.all("/hello", createExpressHandler(ping));
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, body: unknown, method = "POST") =>
  fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });

describe("createWebhookHandler behind express", () => {
  it("runs the workflow and answers with the mapped success status", async () => {
    const response = await post("/orders", { orderId: "o1", amountCents: 500 });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ chargeId: "ch_o1" });
  });

  it("answers 400 naming every missing field", async () => {
    const response = await post("/orders", { note: "no ids" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        type: "VALIDATION_ERROR",
        message: "Missing required field: orderId",
        details: { field: "orderId", fields: ["orderId", "amountCents"] },
      },
    });
  });

  it("answers 400 (not 500) when the body is missing", async () => {
    const response = await fetch(`${base}/orders`, { method: "POST" });
    expect(response.status).toBe(400);
  });

  it("maps a typed workflow error through the table", async () => {
    const response = await post("/orders", { orderId: "o2", amountCents: 50_000 });
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({
      error: { type: "CARD_DECLINED", message: "declined" },
    });
  });

  it("answers a generic 500 for an exception and hands the detail to onError only", async () => {
    onError.mockClear();
    const response = await post("/orders", { orderId: "explode", amountCents: 1 });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { type: "INTERNAL_ERROR", message: "An unexpected error occurred" },
    });
    expect(text).not.toMatch(/password|stack|at /);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(onError.mock.calls[0]?.[0])).toContain("UNEXPECTED_ERROR");
  });

  it("refuses other methods with 405 and an Allow header", async () => {
    const response = await fetch(`${base}/orders`, { method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    const put = await post("/hello", { name: "ada" }, "PUT");
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ message: "hello ada" });
    const del = await fetch(`${base}/hello`, { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("POST, PUT");
  });

  it("refuses bodies over the limit with 413 without running the workflow", async () => {
    const response = await post("/orders", {
      orderId: "big",
      amountCents: 1,
      padding: "x".repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { type: "PAYLOAD_TOO_LARGE" } });
  });
});
