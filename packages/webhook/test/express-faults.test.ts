import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import express4 from "express4";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createWorkflow, err, ok, type AsyncResult } from "@awaitly/core";
import {
  createExpressHandler,
  createResultMapper,
  createSimpleHandler,
  createWebhookHandler,
} from "@awaitly/webhook";

const GENERIC_500 = {
  error: { type: "INTERNAL_ERROR", message: "An unexpected error occurred" },
};

const lookup = async (id: string): AsyncResult<{ id: string }, string> =>
  id === "missing"
    ? err("NOT_FOUND")
    : id === "leak"
      ? err("user 42 lives at 1 Secret Lane")
      : ok({ id });
const users = createWorkflow({ lookup });

describe.each([
  ["express 5", express],
  ["express 4", express4],
])("createExpressHandler on %s", (_name, framework) => {
  const adapterErrors = vi.fn();
  const handlerErrors = vi.fn();
  const mapperErrors = vi.fn();
  let signals: AbortSignal[] = [];
  let server: Server;
  let base = "";

  beforeAll(async () => {
    const app = framework();
    app.use(framework.json());
    const answer = (body: unknown) =>
      createSimpleHandler({
        validateInput: () => ok(undefined),
        handler: async () => ok(body),
        mapResult: (result) => ({
          status: 200,
          headers: { "x-request-kind": "custom" },
          body: result.ok ? result.value : null,
        }),
      });
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    app.post("/bigint", createExpressHandler(answer({ total: 10n }), { onError: adapterErrors }));
    app.post("/cycle", createExpressHandler(answer(cyclic), { onError: adapterErrors }));

    const lookups = createWebhookHandler(
      users,
      (step, deps, id: string, signal) => {
        signals.push(signal);
        if (id === "hang") return step(() => new Promise<never>(() => {}));
        return step(() => deps.lookup(id));
      },
      {
        validateInput: (req) => ok(String((req.body as { id?: unknown }).id)),
        mapResult: createResultMapper([{ error: "NOT_FOUND", status: 404, message: "no user" }], {
          onError: mapperErrors,
        }),
        onError: handlerErrors,
        timeoutMs: 100,
      },
    );
    app.post("/users", createExpressHandler(lookups, { onError: adapterErrors }));
    server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    adapterErrors.mockClear();
    handlerErrors.mockClear();
    mapperErrors.mockClear();
    signals = [];
  });

  const post = (path: string, body: unknown = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3_000),
    });

  it.each(["/bigint", "/cycle"])(
    "answers the JSON 500 (no stack) and calls onError when the result at %s cannot be serialised",
    async (path) => {
      const response = await post(path);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-request-kind")).toBeNull();
      expect(JSON.parse(text)).toEqual(GENERIC_500);
      expect(text).not.toMatch(/TypeError|BigInt|circular|at /i);
      expect(adapterErrors).toHaveBeenCalledTimes(1);
      expect(adapterErrors.mock.calls[0]?.[0]).toBeInstanceOf(TypeError);
    },
  );

  it("answers 504 for a workflow that never settles and aborts the run's signal", async () => {
    const response = await post("/users", { id: "hang" });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      error: { type: "TIMEOUT", message: "No response within 100 ms" },
    });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(handlerErrors).toHaveBeenCalledTimes(1);
    expect(handlerErrors.mock.calls[0]?.[0]).toMatchObject({ name: "TimeoutError" });
  });

  it("answers a generic body for an error the mapper does not map; the detail goes to onError", async () => {
    const response = await post("/users", { id: "leak" });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual(GENERIC_500);
    expect(text).not.toContain("Secret");
    expect(mapperErrors).toHaveBeenCalledWith("user 42 lives at 1 Secret Lane");
    const mapped = await post("/users", { id: "missing" });
    expect(mapped.status).toBe(404);
    expect(await mapped.json()).toEqual({ error: { type: "NOT_FOUND", message: "no user" } });
    expect(mapperErrors).toHaveBeenCalledTimes(1);
  });
});
