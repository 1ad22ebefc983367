import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import {
  DEFAULT_WEBHOOK_SAFETY_OPTIONS,
  createSimpleHandler,
  createWebhookHandler,
  type WebhookRequest,
  type WebhookResponse,
} from "@awaitly/webhook";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const request: WebhookRequest = {
  method: "POST",
  path: "/x",
  headers: {},
  body: {},
  query: {},
  params: {},
};
const load = async (n: number): AsyncResult<number, "NONE"> => ok(n);
const workflow = createWorkflow({ load });
const never = () => new Promise<never>(() => {});

/** A response promise whose state the test can read without awaiting it. */
function track(promise: Promise<WebhookResponse>) {
  const state: { response?: WebhookResponse } = {};
  void promise.then((response) => (state.response = response));
  return state;
}

describe("createWebhookHandler timeoutMs", () => {
  it("answers 504 after the default 30 s and aborts the run's signal; the run stops", async () => {
    expect(DEFAULT_WEBHOOK_SAFETY_OPTIONS.timeoutMs).toBe(30_000);
    const onError = vi.fn();
    let signal: AbortSignal | undefined;
    const afterHang = vi.fn();
    const handler = createWebhookHandler(
      workflow,
      async (step, _deps, _input: number, runSignal) => {
        signal = runSignal;
        await step(() => never());
        afterHang();
      },
      { validateInput: () => ok(1), mapResult: () => ({ status: 200, body: {} }), onError },
    );
    const state = track(handler(request));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(state.response).toBeUndefined();
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.response).toEqual({
      status: 504,
      body: { error: { type: "TIMEOUT", message: "No response within 30000 ms" } },
    });
    expect(signal?.aborted).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(afterHang).not.toHaveBeenCalled();
  });

  it("clears its timer when the handler answers in time", async () => {
    const handler = createWebhookHandler(workflow, (step, deps) => step(() => deps.load(2)), {
      validateInput: () => ok(1),
      mapResult: (result) => ({ status: 200, body: result }),
      timeoutMs: 1_000,
    });
    expect((await handler(request)).status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never times out with timeoutMs: Infinity", async () => {
    const handler = createWebhookHandler(workflow, () => never(), {
      validateInput: () => ok(1),
      mapResult: () => ({ status: 200, body: {} }),
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    const state = track(handler(request));
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(state.response).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 31, "100"])("rejects timeoutMs %s", (timeoutMs) => {
    expect(() =>
      createWebhookHandler(workflow, () => 1, {
        validateInput: () => ok(1),
        mapResult: () => ({ status: 200, body: {} }),
        timeoutMs: timeoutMs as number,
      }),
    ).toThrow(RangeError);
  });
});

describe("createSimpleHandler timeoutMs", () => {
  it("answers 504 and aborts the signal it handed the handler", async () => {
    let signal: AbortSignal | undefined;
    const handler = createSimpleHandler({
      validateInput: () => ok(1),
      handler: (_input, _req, handlerSignal) => {
        signal = handlerSignal;
        return never();
      },
      mapResult: () => ({ status: 200, body: {} }),
      timeoutMs: 250,
      onError: () => {},
    });
    const state = track(handler(request));
    await vi.advanceTimersByTimeAsync(250);
    expect(state.response?.status).toBe(504);
    expect(signal?.aborted).toBe(true);
  });
});
