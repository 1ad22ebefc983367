import { err, parseResult, stringifyResult, type Result } from "@awaitly/core";
import { createKVWorkflowStateStore } from "@awaitly/hitl";
import { parseState, stringifyEntry, stringifyState } from "@awaitly/persistence";
import { describe, expect, it } from "vitest";
import { createMemoryKV } from "./support/memory-kv";

// One Result with everything a TypeScript user puts in their types, in value, error and cause.
class PaymentDeclined extends Error {
  readonly type = "PAYMENT_DECLINED" as const;
  override readonly name = "PaymentDeclined";
  constructor(
    readonly orderId: string,
    options?: { cause?: unknown },
  ) {
    super(`payment for ${orderId} was declined`, options);
  }
}

const rich = (): Result<unknown, unknown, unknown> => {
  const bank = Object.assign(new Error("issuer said no"), { code: 51 });
  return err(new PaymentDeclined("o-1", { cause: bank }), {
    cause: {
      at: new Date("2024-05-01T10:00:00.000Z"),
      amount: 1999n,
      lines: new Map([["sku-1", { qty: 2, tags: new Set(["gift"]) }]]),
      coupon: undefined,
      ratio: Number.NaN,
      receipt: new Uint8Array([1, 2, 3]),
      thrown: new TypeError("socket hang up"),
    },
  });
};

async function throughCheckpoint(result: Result<unknown, unknown, unknown>) {
  // What the Redis and PostgreSQL checkpointers do: one entry per step, read back as one state.
  const entry = stringifyEntry({ result });
  return parseState(`{"version":1,"entries":{"k":${entry}}}`).steps.get("k")?.result;
}

function throughWholeState(result: Result<unknown, unknown, unknown>) {
  return parseState(stringifyState({ steps: new Map([["k", { result }]]) })).steps.get("k")?.result;
}

async function throughHitlSave(result: Result<unknown, unknown, unknown>) {
  const store = createKVWorkflowStateStore(createMemoryKV());
  await store.save({
    runId: "r1",
    workflowName: "orders",
    resumeState: { steps: new Map([["k", { result }]]) },
    pendingApprovals: [],
    startedAt: 0,
    updatedAt: 0,
  });
  return (await store.load("r1"))?.resumeState.steps.get("k")?.result;
}

function throughBullmqEncode(result: Result<unknown, unknown, unknown>) {
  // What @awaitly/bullmq stores as a run's outcome: core's Result-to-text and back.
  const text = stringifyResult(result, { root: "outcome" });
  if (!text.ok) throw text.error;
  const back = parseResult(text.value);
  if (!back.ok) throw back.error;
  return back.value;
}

describe("one wire format", () => {
  it("a Result reads the same after a checkpoint, a HITL save and a BullMQ-style encode/decode", async () => {
    const original = rich();
    const reads = [
      await throughCheckpoint(original),
      throughWholeState(original),
      await throughHitlSave(original),
      throughBullmqEncode(original),
    ];
    for (const read of reads.slice(1)) {
      expect(read).toStrictEqual(reads[0]);
      const [a, b] = [read, reads[0]] as Array<{ error: Error; cause: { thrown: Error } }> as [
        { error: Error; cause: { thrown: Error } },
        { error: Error; cause: { thrown: Error } },
      ];
      expect([a.error.stack, a.cause.thrown.stack]).toStrictEqual([
        b.error.stack,
        b.cause.thrown.stack,
      ]);
    }

    const restored = reads[0] as {
      ok: false;
      error: PaymentDeclined;
      cause: Record<string, unknown>;
    };
    const expected = original as {
      ok: false;
      error: PaymentDeclined;
      cause: Record<string, unknown>;
    };
    expect(restored.ok).toBe(false);
    expect(restored.error).toBeInstanceOf(Error);
    expect([
      restored.error.name,
      restored.error.message,
      restored.error.stack,
      restored.error.type,
      restored.error.orderId,
    ]).toStrictEqual([
      "PaymentDeclined",
      expected.error.message,
      expected.error.stack,
      "PAYMENT_DECLINED",
      "o-1",
    ]);
    const bank = restored.error.cause as Error & { code: number };
    expect([bank.message, bank.code]).toStrictEqual(["issuer said no", 51]);
    const { thrown, ...rest } = restored.cause;
    const { thrown: originalThrown, ...originalRest } = expected.cause;
    expect(rest).toStrictEqual(originalRest);
    expect(Object.hasOwn(rest, "coupon")).toBe(true);
    expect([(thrown as Error).name, (thrown as Error).stack]).toStrictEqual([
      "TypeError",
      (originalThrown as Error).stack,
    ]);
  });

  it("writes the same bytes for the Result in a checkpoint entry and a BullMQ outcome", () => {
    const result = rich();
    const outcome = stringifyResult(result);
    expect(outcome.ok && `{"result":${outcome.value}}`).toBe(stringifyEntry({ result }));
  });
});
