import type { KeyValueStore } from "@awaitly/core";
import { createKVApprovalStore } from "@awaitly/hitl";
import { createCheckoutApp } from "./app";
import type { Order } from "./order";
import type { Tracing } from "./tracing";

type Json = { status?: string; invocations?: number } & Record<string, unknown>;

const order = (orderId: string, over: Partial<Order> = {}): Order => ({
  orderId,
  customerEmail: `${orderId}@example.com`,
  items: [{ sku: "book", quantity: 1 }],
  amountCents: 4_200,
  card: "4242-4242-4242-4242",
  ...over,
});

async function call(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? ((await response.json()) as Json) : await response.text();
  return { status: response.status, body };
}

function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(`scenario: expected ${what}`);
}

/**
 * The scripted checkout story `npm run demo` tells and the tests check: a paid order, a declined
 * card that is rolled back, a flaky provider that is retried, and a large order that waits for a
 * manager, survives a restart of the service, and completes once approved.
 */
export async function runScenario(options: {
  store: KeyValueStore;
  tracing?: Tracing | undefined;
  log?: (line: string) => void;
  prefix?: string;
}) {
  const log = options.log ?? (() => {});
  const managerToken = "scenario-manager-token";
  const id = (name: string) => `${options.prefix ?? ""}${name}`;
  const boot = () =>
    createCheckoutApp({
      store: options.store,
      approvals: createKVApprovalStore(options.store, { decidedTtlSeconds: 86_400 }),
      managerToken,
      approvalThresholdCents: 50_000,
      tracing: options.tracing,
    });

  let app = boot();
  let server = await app.listen(0);
  log(`service started on ${server.url}`);

  const paid = await call(server.url, "/checkout", { body: order(id("order-paid")) });
  log(`paid order        → ${paid.status} ${(paid.body as Json).status}`);
  expectThat(paid.status === 201, "the paid order to complete (201)");

  const declined = await call(server.url, "/checkout", {
    body: order(id("order-declined"), { card: "4000-0000-0000-0002" }),
  });
  const declinedBody = declined.body as Json;
  log(
    `declined card     → ${declined.status} ${JSON.stringify(declinedBody.error)}; rolled back: ${JSON.stringify(declinedBody.compensations)}`,
  );
  expectThat(declined.status === 402, "the declined card to answer 402");
  expectThat(
    JSON.stringify(declinedBody.compensations) === JSON.stringify(["reserve: undone"]),
    "the stock reservation to be released",
  );
  expectThat(app.services.inventory.level("book") === 99, "stock back to 99 after the rollback");

  const flaky = await call(server.url, "/checkout", {
    body: order(id("order-flaky"), { card: "4000-flaky" }),
  });
  log(
    `flaky provider    → ${flaky.status} ${(flaky.body as Json).status} after ${app.services.calls.charge - 2} charge attempts`,
  );
  expectThat(flaky.status === 201, "the flaky provider to be retried to success");

  const large = order(id("order-large"), {
    amountCents: 120_000,
    items: [{ sku: "lamp", quantity: 2 }],
  });
  const paused = await call(server.url, "/checkout", { body: large });
  const approvalKey = (paused.body as Json).approvalKey as string;
  log(`large order       → ${paused.status} ${(paused.body as Json).status} (${approvalKey})`);
  expectThat(paused.status === 202, "the large order to wait for approval (202)");

  const intruder = await call(server.url, "/approvals", {
    body: { key: approvalKey, action: "approve", actorId: "mallory" },
    token: "wrong-token",
  });
  log(`approval w/o auth → ${intruder.status}`);
  expectThat(
    intruder.status === 401 || intruder.status === 403,
    "an unauthenticated approval to be refused",
  );

  await server.close();
  log("service stopped; starting a new instance on the same store");
  app = boot();
  server = await app.listen(0);

  const stillPaused = await call(server.url, `/runs/${large.orderId}`);
  expectThat(
    (stillPaused.body as Json).status === "awaiting_approval",
    "the run to survive the restart",
  );

  const approved = await call(server.url, "/approvals", {
    body: {
      key: approvalKey,
      action: "approve",
      value: { approvedBy: "manager-1" },
      actorId: "manager-1",
    },
    token: managerToken,
  });
  const run = (approved.body as Json).run as Json;
  log(
    `manager approves  → ${approved.status}; run ${run.status} after ${run.invocations} invocations`,
  );
  expectThat(approved.status === 200 && run.status === "completed", "the approved run to complete");

  const ascii = await call(server.url, `/runs/${large.orderId}/diagram?format=ascii`);
  const mermaid = await call(server.url, `/runs/${large.orderId}/diagram?format=mermaid`);
  const html = await call(server.url, `/runs/${large.orderId}/diagram?format=html`);
  const declinedAscii = await call(
    server.url,
    `/runs/${id("order-declined")}/diagram?format=ascii`,
  );
  await server.close();

  return {
    paid,
    declined,
    flaky,
    paused,
    intruder,
    approved,
    views: {
      ascii: ascii.body as string,
      mermaid: mermaid.body as string,
      html: html.body as string,
      declinedAscii: declinedAscii.body as string,
    },
    largeOrderId: large.orderId,
  };
}
