import { ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  createWorkflowWorker,
  isSignalPayloadError,
  type StandardSchemaV1,
} from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

type Approval = { approved: boolean; by: string };

// A hand-written Standard Schema: checks `{ approved: boolean }` and adds who approved, async.
const approvalSchema: StandardSchemaV1<{ approved: boolean }, Approval> = {
  "~standard": {
    version: 1,
    vendor: "test",
    validate: async (value) => {
      const approved = (value as { approved?: unknown } | null)?.approved;
      if (typeof approved !== "boolean") {
        return { issues: [{ message: "approved must be a boolean", path: ["approved"] }] };
      }
      return { value: { approved, by: "schema" } };
    },
  },
};

function setup() {
  const errors: Error[] = [];
  const invocations: string[] = [];
  const note = async (what: string): AsyncResult<string, never> => ok(what);
  const queue = ctx.track(
    createWorkflowQueue<{ id: number }, string, never>("signals", {
      connection: ctx.redis,
      prefix: ctx.prefix,
    }),
  );
  ctx.track(
    createWorkflowWorker("signals", {
      connection: ctx.client(),
      prefix: ctx.prefix,
      checkpointer: ctx.checkpointer(),
      concurrency: 1,
      deps: { note },
      onError: (error) => errors.push(error),
      workflow: async (step, d, _input: { id: number }, run) => {
        invocations.push(run.runId);
        const first = await run.waitForSignal("approval", { schema: approvalSchema });
        const second = await run.waitForSignal<string>("comment");
        const verdict = first.received && first.payload.approved ? "approved" : "rejected";
        const by = first.received ? first.payload.by : "nobody";
        const comment = second.received ? second.payload : "";
        return step(() => d.note(`${verdict} by ${by}: ${comment}`), { key: "note" });
      },
    }),
  );
  const delayed = async (runId: string) =>
    (await (await queue.bullQueue.getJob(`r_${runId}`))?.getState()) === "delayed";
  return { queue, errors, invocations, delayed };
}

describe("signals with a Standard Schema", () => {
  it("refuses an invalid payload at the sender with a typed error, and sends nothing", async () => {
    const { queue, delayed } = setup();
    await queue.enqueue({ id: 1 }, { runId: "strict" });
    await waitFor(() => delayed("strict"));
    const refused = await queue.signal("strict", "approval", { approved: "yes" } as never, {
      schema: approvalSchema,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(isSignalPayloadError(refused.error)).toBe(true);
    }
    if (!refused.ok && isSignalPayloadError(refused.error)) {
      expect(refused.error.issues).toStrictEqual([
        { message: "approved must be a boolean", path: ["approved"] },
      ]);
      expect(refused.error.signalName).toBe("approval");
    }
    expect(
      await ctx.redis.hexists(`${ctx.prefix}:signals:awaitly:run:r_strict`, "s:approval"),
    ).toBe(0);
    const sent = await queue.signal(
      "strict",
      "approval",
      { approved: true },
      { schema: approvalSchema },
    );
    expect(sent).toStrictEqual(ok(undefined));
    await queue.signal("strict", "comment", "fine");
    // The run got the schema's output (with `by`), not the raw payload.
    expect(await queue.result("strict", { timeoutMs: 10_000 })).toStrictEqual(
      ok("approved by schema: fine"),
    );
  });

  it("drops an invalid payload at the waiting run, reports it to onError, and waits on", async () => {
    const { queue, errors, invocations, delayed } = setup();
    await queue.enqueue({ id: 1 }, { runId: "lenient" });
    await waitFor(() => delayed("lenient"));
    await queue.signal("lenient", "approval", { approved: 42 }); // no schema at the sender
    await waitFor(() => errors.length > 0);
    expect(isSignalPayloadError(errors[0])).toBe(true);
    expect(errors[0]?.message).toContain("approved must be a boolean");
    await waitFor(() => delayed("lenient"));
    expect(
      await ctx.redis.hexists(`${ctx.prefix}:signals:awaitly:run:r_lenient`, "s:approval"),
    ).toBe(0);
    const before = invocations.length;
    await queue.signal("lenient", "approval", { approved: false });
    await queue.signal("lenient", "comment", "no");
    expect(await queue.result("lenient", { timeoutMs: 10_000 })).toStrictEqual(
      ok("rejected by schema: no"),
    );
    expect(invocations.length).toBeGreaterThan(before);
  });

  it("parks on the second signal without waking again for the first one it already has", async () => {
    const { queue, invocations, delayed } = setup();
    await queue.enqueue({ id: 1 }, { runId: "twice" });
    await waitFor(() => delayed("twice"));
    await queue.signal("twice", "approval", { approved: true });
    await waitFor(() => invocations.length >= 2);
    await waitFor(() => delayed("twice"));
    const parked = invocations.length;
    await new Promise((r) => setTimeout(r, 500));
    // A run that woke for any signal in its record would loop here, re-parking every few ms.
    expect(invocations.length).toBeLessThanOrEqual(parked + 1);
    await queue.signal("twice", "comment", "ok");
    expect(await queue.result("twice", { timeoutMs: 10_000 })).toStrictEqual(
      ok("approved by schema: ok"),
    );
  });

  it("throws a TypeError naming the option when the schema is not a Standard Schema", async () => {
    const { queue } = setup();
    await expect(
      queue.signal("any", "approval", {}, { schema: {} as StandardSchemaV1 }),
    ).rejects.toThrow(/option "schema" must be a Standard Schema v1 validator/);
  });
});
