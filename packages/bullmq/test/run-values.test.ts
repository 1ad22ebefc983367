import { err, isUnexpectedError, isWireEncodeError, ok, type AsyncResult } from "@awaitly/core";
import { isSignalPayloadError } from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";

const ctx = useBull();

type Order = { at: Date; lines: Map<string, number>; total: bigint; note?: string | undefined };

class PaymentFailed extends Error {
  readonly type = "PAYMENT_FAILED" as const;
  override readonly name = "PaymentFailed";
  constructor(
    readonly total: bigint,
    cause: Error,
  ) {
    super(`payment of ${String(total)} failed`, { cause });
  }
}

function setup() {
  const price = async (order: Order): AsyncResult<Order, PaymentFailed> =>
    order.total > 100n
      ? err(new PaymentFailed(order.total, new RangeError("over the limit")))
      : ok({ ...order, total: order.total * 2n, lines: new Map([...order.lines, ["fee", 1]]) });
  ctx.worker("values", {
    deps: { price },
    workflow: async (step, d, order: Order) => step(() => d.price(order), { key: "price" }),
  });
  return ctx.queue<Order, Order, PaymentFailed>("values");
}

describe("run values on the wire", () => {
  it("gives back through result() an input and value holding Date, Map, BigInt and undefined exactly", async () => {
    const queue = setup();
    const at = new Date("2026-12-07T10:00:00.000Z");
    const order: Order = { at, lines: new Map([["tea", 2]]), total: 21n, note: undefined };
    expect((await queue.enqueue(order, { runId: "values-ok" })).ok).toBe(true);
    const result = await queue.result("values-ok", { timeoutMs: 10_000 });
    expect(result).toStrictEqual(
      ok({
        at,
        lines: new Map([
          ["tea", 2],
          ["fee", 1],
        ]),
        total: 42n,
        note: undefined,
      }),
    );
  });

  it("gives back a typed Error with its fields and cause", async () => {
    const queue = setup();
    await queue.enqueue(
      { at: new Date(0), lines: new Map(), total: 500n },
      { runId: "values-err" },
    );
    const result = await queue.result("values-err", { timeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.error as PaymentFailed;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PaymentFailed");
    expect(error.type).toBe("PAYMENT_FAILED");
    expect(error.message).toBe("payment of 500 failed");
    expect(error.total).toBe(500n);
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).name).toBe("RangeError");
    expect((error.cause as Error).message).toBe("over the limit");
  });

  it("refuses at enqueue an input it cannot carry, naming the path, and stores nothing", async () => {
    const queue = ctx.queue<{ customer: { createdAt: unknown } }, string, never>("refused");
    const refused = await queue.enqueue(
      { customer: { createdAt: () => Date.now() } },
      { runId: "refused-1" },
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(isWireEncodeError(refused.error)).toBe(true);
      expect(refused.error).toMatchObject({ path: "input.customer.createdAt", reason: "function" });
    }
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toStrictEqual([]);
  });

  it("refuses a signal payload it cannot carry at the sender, naming the path", async () => {
    const queue = setup();
    const sent = await queue.signal("any-run", "approval", { reply: () => "yes" });
    expect(sent.ok).toBe(false);
    if (!sent.ok) {
      expect(isSignalPayloadError(sent.error)).toBe(true);
      if (isSignalPayloadError(sent.error)) {
        expect(sent.error.issues[0]?.path).toStrictEqual(["payload.reply"]);
      }
    }
    expect(await ctx.redis.keys(`${ctx.prefix}*`)).toStrictEqual([]);
  });

  it("ends a run whose value it cannot carry with an UnexpectedError naming the path", async () => {
    const make = async (): AsyncResult<{ format: () => string }, never> =>
      ok({ format: () => "x" });
    const queue = ctx.queue<null, unknown, never>("unstorable");
    ctx.worker("unstorable", { deps: { make }, workflow: async (step, d) => step(() => d.make()) });
    await queue.enqueue(null, { runId: "unstorable-1" });
    const result = await queue.result("unstorable-1", { timeoutMs: 10_000 });
    expect(!result.ok && isUnexpectedError(result.error)).toBe(true);
    if (!result.ok && isUnexpectedError(result.error)) {
      const thrown = (result.error.cause as { thrown?: unknown }).thrown;
      expect(isWireEncodeError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ path: "outcome.value.format", reason: "function" });
    }
  });

  it("reads outcomes and signal payloads stored in bullmq 1.0's format", async () => {
    const queue = ctx.queue<null, unknown, unknown>("old");
    const record = (runId: string) => `${ctx.prefix}:old:awaitly:run:r_${runId}`;
    // As bullmq 1.0 wrote them: Errors as { "$awaitlyError": { name, message, stack, ...fields } }.
    const stored =
      '{"ok":false,"error":{"$awaitlyError":{"id":7,"type":"NOT_FOUND","name":"NotFound","message":"no order 7","stack":"NotFound: no order 7\\n    at b"}}}';
    await ctx.redis.hset(record("old-outcome"), "h", "x", "o", stored);
    const result = await queue.result("old-outcome");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(Error);
      expect(result.error).toMatchObject({ name: "NotFound", message: "no order 7", id: 7 });
    }

    const payloads: unknown[] = [];
    ctx.worker("old", {
      deps: {},
      workflow: async (_step, _d, _input: null, run) => {
        const got = await run.waitForSignal("approval");
        payloads.push(got.received ? got.payload : undefined);
        return "done";
      },
    });
    await ctx.redis.hset(
      record("old-signal"),
      "s:approval",
      '{"approved":true,"why":{"$awaitlyError":{"name":"Error","message":"outer","stack":"Error: outer","cause":{"$awaitlyError":{"name":"RangeError","message":"inner","stack":"RangeError: inner"}}}}}',
    );
    await queue.enqueue(null, { runId: "old-signal" });
    expect(await queue.result("old-signal", { timeoutMs: 10_000 })).toStrictEqual(ok("done"));
    const payload = payloads[0] as { approved: boolean; why: Error };
    expect(payload.approved).toBe(true);
    expect(payload.why).toBeInstanceOf(Error);
    expect(payload.why.message).toBe("outer");
    expect((payload.why.cause as Error).name).toBe("RangeError");
  });
});
