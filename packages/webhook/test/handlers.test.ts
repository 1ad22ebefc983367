import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  composeValidators,
  createEventHandler,
  createExpressHandler,
  createResultMapper,
  createSimpleHandler,
  createWebhookHandler,
  defaultUnexpectedErrorMapper,
  defaultValidationErrorMapper,
  isValidationError,
  requireFields,
  sendWebhookResponse,
  toWebhookRequest,
  validationError,
  type ExpressLikeResponse,
  type WebhookRequest,
} from "@awaitly/webhook";

const request = (body: unknown, over: Partial<WebhookRequest> = {}): WebhookRequest => ({
  method: "POST",
  path: "/x",
  headers: {},
  body,
  query: {},
  params: {},
  ...over,
});

const double = async (n: number): AsyncResult<number, "NEGATIVE"> =>
  n < 0 ? err("NEGATIVE") : ok(n * 2);
const workflow = createWorkflow({ double });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("validation helpers", () => {
  it("build and recognise validation errors", () => {
    expect(validationError("bad")).toEqual({
      type: "VALIDATION_ERROR",
      message: "bad",
      field: undefined,
      details: undefined,
    });
    expect(isValidationError(validationError("x", "f"))).toBe(true);
    expect(isValidationError({ type: "OTHER" })).toBe(false);
    expect(isValidationError(null)).toBe(false);
  });

  it("requireFields accepts falsy values that are present", () => {
    expect(requireFields(["a", "b", "c"])({ a: 0, b: false, c: [] })).toEqual(ok(undefined));
    expect(requireFields(["a"])({ a: "" })).toMatchObject({ ok: false, error: { field: "a" } });
  });

  it("composeValidators returns the first failure", () => {
    const first = composeValidators<Record<string, unknown>>(
      requireFields(["a"]),
      requireFields(["b"]),
    );
    expect(first({})).toMatchObject({ ok: false, error: { field: "a" } });
    expect(first({ a: 1 })).toMatchObject({ ok: false, error: { field: "b" } });
    expect(composeValidators()({})).toEqual(ok(undefined));
  });
});

describe("default mappers", () => {
  it("keep details when no field is named, and leak nothing on 500", () => {
    expect(defaultValidationErrorMapper(validationError("m", undefined, { hint: 1 }))).toEqual({
      status: 400,
      body: { error: { type: "VALIDATION_ERROR", message: "m", details: { hint: 1 } } },
    });
    expect(defaultUnexpectedErrorMapper(new Error("secret"))).toEqual({
      status: 500,
      body: { error: { type: "INTERNAL_ERROR", message: "An unexpected error occurred" } },
    });
  });
});

describe("createResultMapper", () => {
  it("maps success, table entries, unexpected errors and the rest", () => {
    const tagged = { type: "RATE_LIMITED", retryAfterMs: 5 };
    const onError = vi.fn();
    const map = createResultMapper<number, string | typeof tagged>(
      [
        { error: "NOT_FOUND", status: 404 },
        { error: "RATE_LIMITED", status: 429, message: "slow down" },
      ],
      { defaultStatus: 422, onError },
    );
    expect(map(ok(1))).toEqual({ status: 200, body: 1 });
    expect(map(err("NOT_FOUND"))).toEqual({
      status: 404,
      body: { error: { type: "NOT_FOUND", message: undefined } },
    });
    expect(map(err(tagged))).toEqual({
      status: 429,
      body: { error: { type: "RATE_LIMITED", message: "slow down" } },
    });
    // Unmapped errors answer the generic body; only onError sees them.
    expect(map(err("user 42 at 1 Secret Lane"))).toEqual({
      status: 422,
      body: defaultUnexpectedErrorMapper(undefined).body,
    });
    expect(onError).toHaveBeenCalledWith("user 42 at 1 Secret Lane");
    expect(
      map(err({ type: "UNEXPECTED_ERROR", cause: { type: "UNCAUGHT_EXCEPTION", thrown: 1 } })),
    ).toMatchObject({
      status: 500,
    });
    expect(map(err(new Error("secret") as never))).toEqual({
      status: 422,
      body: defaultUnexpectedErrorMapper(undefined).body,
    });
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("rejects statuses that are not HTTP statuses", () => {
    expect(() => createResultMapper([{ error: "X", status: 99 }])).toThrow(RangeError);
    expect(() => createResultMapper([], { successStatus: 1000 })).toThrow(/successStatus.*1000/);
    expect(() => createResultMapper([], { onError: "log" as never })).toThrow(TypeError);
  });
});

describe("createWebhookHandler", () => {
  it("passes the rewritten request to validation and every response through afterResponse", async () => {
    const afterResponse = vi.fn((response) => ({ ...response, headers: { "x-seen": "1" } }));
    const handler = createWebhookHandler(
      workflow,
      (step, deps, n: number) => step(() => deps.double(n)),
      {
        beforeValidation: (req) => ({ ...req, body: { n: Number((req.body as { n: string }).n) } }),
        validateInput: (req) => ok((req.body as { n: number }).n),
        mapResult: async (result) => ({ status: result.ok ? 200 : 400, body: result }),
        afterResponse,
      },
    );
    expect(await handler(request({ n: "21" }))).toEqual({
      status: 200,
      headers: { "x-seen": "1" },
      body: { ok: true, value: 42 },
    });
    expect(await handler(request({ n: "-1" }))).toMatchObject({
      status: 400,
      body: { ok: false, error: "NEGATIVE" },
    });
    expect(afterResponse).toHaveBeenCalledTimes(2);
  });

  it("turns a rejecting async mapResult into the unexpected-error response", async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler(
      workflow,
      (step, deps, n: number) => step(() => deps.double(n)),
      {
        validateInput: () => ok(1),
        mapResult: async () => {
          throw new Error("mapper broke");
        },
        onError,
      },
    );
    expect(await handler(request({}))).toMatchObject({ status: 500 });
    expect(onError).toHaveBeenCalledWith(new Error("mapper broke"), expect.anything());
  });

  it("validates its configuration", () => {
    expect(() =>
      createWebhookHandler(workflow, () => 1, { validateInput: () => ok(1) } as never),
    ).toThrow(/mapResult/);
    expect(() =>
      createWebhookHandler(workflow, () => 1, {
        validateInput: () => ok(1),
        mapResult: () => ({ status: 200, body: 1 }),
        maxBodyBytes: -1,
      }),
    ).toThrow(/maxBodyBytes.*-1/);
    expect(() =>
      createSimpleHandler({
        validateInput: () => ok(1),
        handler: async () => ok(1),
        mapResult: () => ({ status: 200, body: 1 }),
        allowedMethods: [],
      }),
    ).toThrow(/allowedMethods/);
  });
});

describe("createSimpleHandler", () => {
  it("answers 500 without detail when the handler throws", async () => {
    const onError = vi.fn();
    const handler = createSimpleHandler({
      validateInput: () => ok(1),
      handler: async () => {
        throw new Error("db down");
      },
      mapResult: () => ({ status: 200, body: {} }),
      onError,
    });
    expect(await handler(request({}))).toEqual(defaultUnexpectedErrorMapper(undefined));
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe("express helpers", () => {
  it("toWebhookRequest keeps references and sendWebhookResponse writes headers first", () => {
    const req = {
      method: "POST",
      path: "/p",
      headers: { a: "1" },
      body: { x: 1 },
      query: {},
      params: { id: "7" },
    };
    const wrapped = toWebhookRequest(req);
    expect(wrapped.body).toBe(req.body);
    expect(wrapped.raw).toBe(req);
    const calls: string[] = [];
    const res: ExpressLikeResponse = {
      set: (h) => (calls.push(`set:${JSON.stringify(h)}`), res),
      status: (s) => (calls.push(`status:${s}`), res),
      json: (b) => void calls.push(`json:${JSON.stringify(b)}`),
    };
    sendWebhookResponse(res, { status: 202, headers: { h: "v" }, body: { ok: 1 } });
    expect(calls).toEqual(['set:{"h":"v"}', "status:202", 'json:{"ok":1}']);
  });

  it("createExpressHandler answers 500 when the handler rejects", async () => {
    const onError = vi.fn();
    const statuses: number[] = [];
    const res: ExpressLikeResponse = {
      set: () => res,
      status: (s) => (statuses.push(s), res),
      json: () => {},
    };
    await createExpressHandler(async () => Promise.reject(new Error("x")), { onError })(
      { method: "POST", path: "/", headers: {}, body: {}, query: {}, params: {} },
      res,
    );
    expect(statuses).toEqual([500]);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe("createEventHandler", () => {
  const handler = (onError = vi.fn()) =>
    createEventHandler(workflow, (step, deps, n: number) => step(() => deps.double(n)), {
      validatePayload: async (event) =>
        typeof event.payload === "number"
          ? ok(event.payload)
          : err(validationError("payload must be a number", "payload")),
      mapResult: (result) =>
        result.ok
          ? { success: true, ack: true }
          : {
              success: false,
              ack: result.error !== "NEGATIVE",
              error: { type: typeof result.error === "string" ? result.error : result.error.type },
            },
      onError,
    });

  it("acknowledges successes and lets mapResult decide for workflow errors", async () => {
    expect(await handler()({ id: "1", type: "t", payload: 2 })).toEqual({
      success: true,
      ack: true,
    });
    expect(await handler()({ id: "2", type: "t", payload: -2 })).toEqual({
      success: false,
      ack: false,
      error: { type: "NEGATIVE" },
    });
  });

  it("fills in retryable from isRetryable for workflow errors mapResult left unclassified", async () => {
    const isRetryable = vi.fn((error: unknown) => error !== "NEGATIVE");
    const classified = createEventHandler(
      workflow,
      (step, deps, n: number) => step(() => deps.double(n)),
      {
        validatePayload: (event) => ok(event.payload),
        mapResult: (result) =>
          result.ok
            ? { success: true, ack: true }
            : {
                success: false,
                ack: true,
                error: {
                  type: typeof result.error === "string" ? result.error : result.error.type,
                },
              },
        isRetryable,
      },
    );
    expect(await classified({ id: "5", type: "t", payload: -1 })).toEqual({
      success: false,
      ack: true,
      error: { type: "NEGATIVE", retryable: false },
    });
    expect(isRetryable).toHaveBeenCalledWith("NEGATIVE");
    expect(await classified({ id: "6", type: "t", payload: 1 })).toEqual({
      success: true,
      ack: true,
    });
    expect(isRetryable).toHaveBeenCalledTimes(1);
    expect(() =>
      createEventHandler(workflow, () => 1, {
        validatePayload: (event) => ok(event.payload),
        mapResult: () => ({ success: true, ack: true }),
        isRetryable: "yes" as never,
      }),
    ).toThrow(/isRetryable/);
  });

  it("acknowledges invalid payloads (never retried), async validators included", async () => {
    expect(await handler()({ id: "3", type: "t", payload: "x" as never })).toEqual({
      success: false,
      ack: true,
      error: { type: "VALIDATION_ERROR", message: "payload must be a number", retryable: false },
    });
  });

  it("redelivers exceptions with a generic message, detail to onError", async () => {
    const onError = vi.fn();
    const throwing = createEventHandler(workflow, () => 1, {
      validatePayload: () => {
        throw new Error("secret");
      },
      mapResult: () => ({ success: true, ack: true }),
      onError,
    });
    expect(await throwing({ id: "4", type: "t", payload: 1 })).toEqual({
      success: false,
      ack: false,
      error: { type: "UNEXPECTED_ERROR", message: "An unexpected error occurred", retryable: true },
    });
    expect(onError).toHaveBeenCalledWith(new Error("secret"), expect.objectContaining({ id: "4" }));
  });
});
