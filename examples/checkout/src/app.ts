import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { createApprovalWebhookHandler, type ApprovalStore } from "@awaitly/hitl";
import type { KeyValueStore } from "@awaitly/core";
import { createCheckoutService } from "./checkout-service";
import { renderRun } from "./diagram";
import { invalidFields, type Order } from "./order";
import { createPaymentGateway } from "./payment-gateway";
import type { RunRecord } from "./runs";
import { createServices, type Services } from "./services";
import type { Tracing } from "./tracing";

export type CheckoutAppOptions = {
  store: KeyValueStore;
  approvals: ApprovalStore;
  /** Bearer token a manager must present to decide an approval. */
  managerToken: string;
  approvalThresholdCents?: number | undefined;
  services?: Services | undefined;
  tracing?: Tracing | undefined;
};

/** The checkout HTTP service; `listen(0)` picks a free port. */
export function createCheckoutApp(options: CheckoutAppOptions) {
  const services = options.services ?? createServices();
  const payments = createPaymentGateway(services.paymentProvider);
  const checkout = createCheckoutService({
    store: options.store,
    approvals: options.approvals,
    services,
    payments,
    approvalThresholdCents: options.approvalThresholdCents ?? 50_000,
    onEvent: options.tracing?.onEvent,
  });
  // Only a manager presenting the token may decide; the verified identity replaces the body's.
  const decide = createApprovalWebhookHandler<Request>(options.approvals, {
    authorize: (_request, req) =>
      req.headers.authorization === `Bearer ${options.managerToken}`
        ? { allow: true, actorId: "manager" }
        : { allow: false, reason: "unauthenticated" },
  });
  const inSpan = <T>(name: string, fn: () => Promise<T>) =>
    options.tracing ? options.tracing.inSpan(name, fn) : fn();

  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "16kb" }));

  app.post("/checkout", async (req, res, next) => {
    try {
      const fields = invalidFields(req.body);
      if (fields.length > 0) {
        res.status(400).json({ error: { type: "INVALID_ORDER", fields } });
        return;
      }
      const run = await inSpan("POST /checkout", () => checkout.start(req.body as Order));
      res.status(statusOf(run)).json(view(run));
    } catch (error) {
      next(error);
    }
  });

  app.post("/approvals", async (req, res, next) => {
    try {
      const response = await decide(req.body, req);
      if (!response.success) {
        res.status(response.status).json(response);
        return;
      }
      const key = (req.body as { key: string }).key;
      const run = await inSpan("POST /approvals", () => checkout.resumeAfterDecision(key));
      res.status(200).json({ ...response, run: run ? view(run) : undefined });
    } catch (error) {
      next(error);
    }
  });

  app.get("/runs/:id", async (req, res) => {
    const run = await checkout.runs.load(req.params.id);
    if (!run) res.status(404).json({ error: "run not found" });
    else res.json(view(run));
  });

  app.get("/runs/:id/diagram", async (req, res) => {
    const run = await checkout.runs.load(req.params.id);
    if (!run) {
      res.status(404).json({ error: "run not found" });
      return;
    }
    const views = renderRun(run, await checkout.runs.loadEvents(run.runId));
    const format = typeof req.query.format === "string" ? req.query.format : "json";
    if (format === "html") res.type("html").send(views.html);
    else if (format === "mermaid") res.type("text/plain").send(views.mermaid);
    else if (format === "ascii") res.type("text/plain").send(views.ascii);
    else res.json({ runId: run.runId, mermaid: views.mermaid, ascii: views.ascii });
  });

  // Never leak internals: the detail goes to the log, the client gets a generic message.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413) {
      res.status(status).json({ error: status === 413 ? "body too large" : "malformed JSON" });
      return;
    }
    console.error("checkout: unexpected error", error);
    res.status(500).json({ error: "internal error" });
  });

  return {
    app,
    services,
    checkout,
    async listen(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(port, "127.0.0.1", () => resolve(s));
      });
      const { port: actual } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
      };
    },
  };
}

function statusOf(run: RunRecord): number {
  if (run.status === "completed") return 201;
  if (run.status === "awaiting_approval") return 202;
  const type = (run.outcome as { error?: { type?: string } } | undefined)?.error?.type;
  if (type === "CARD_DECLINED") return 402;
  if (type === "OUT_OF_STOCK") return 409;
  if (type === "APPROVAL_REJECTED") return 403;
  if (type === "PAYMENT_UNAVAILABLE") return 503;
  return 500;
}

/** What clients see of a run: no internal error details. */
function view(run: RunRecord) {
  const error =
    run.outcome && !run.outcome.ok ? (run.outcome.error as { type?: string }) : undefined;
  return {
    runId: run.runId,
    status: run.status,
    approvalKey: run.approvalKey,
    receipt: run.outcome?.ok ? run.outcome.value : undefined,
    error:
      error && error.type !== "UNEXPECTED_ERROR"
        ? error
        : error
          ? { type: "UNEXPECTED_ERROR" }
          : undefined,
    compensations: run.compensations,
    invocations: run.invocations.length,
  };
}
