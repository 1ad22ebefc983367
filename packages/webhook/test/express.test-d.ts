import express from "express";
import { expectTypeOf, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type RunStep } from "@awaitly/core";
import { createExpressHandler, createWebhookHandler, type WebhookHandler } from "@awaitly/webhook";

const double = async (n: number): AsyncResult<number, "NEGATIVE"> => ok(n * 2);

it("infers the workflow's step type and plugs into express", () => {
  const workflow = createWorkflow({ double });
  const handler = createWebhookHandler(
    workflow,
    (step, deps, n: number) => {
      expectTypeOf(step).toEqualTypeOf<RunStep<"NEGATIVE">>();
      return step(() => deps.double(n));
    },
    {
      validateInput: () => ok(1),
      mapResult: (result) => ({ status: 200, body: result.ok ? result.value : result.error }),
    },
  );
  expectTypeOf(handler).toEqualTypeOf<WebhookHandler<unknown>>();
  const app = express();
  // The structural request/response types fit express's own handler type.
  app.post("/x", createExpressHandler(handler));
});
