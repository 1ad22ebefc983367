import { defineWorkflow } from "@awaitly/bullmq";
import { days, err, ok, type AsyncResult } from "@awaitly/core";
import {
  createApprovalChecker,
  createApprovalStep,
  createMemoryApprovalStore,
} from "@awaitly/hitl";
import {
  createTestEnvironment,
  createVirtualClock,
  RunCancelledError,
  RunFinishedError,
} from "@awaitly/testing";
import { describe, expect, it } from "vitest";

const DAY = 86_400_000;

const typeOf = (result: { ok: boolean; error?: unknown }) =>
  (result.error as { type?: string } | undefined)?.type;

describe("createTestEnvironment", () => {
  it("parks a 30-day sleep and finishes it when the clock is advanced", async () => {
    const calls: string[] = [];
    const note = async (what: string): AsyncResult<string, never> => {
      calls.push(what);
      return ok(what);
    };
    const trial = defineWorkflow({
      name: "trial",
      deps: { note },
      body: async (step, deps, user: string, run) => {
        await step(() => deps.note(`welcome ${user}`), { key: "welcome" });
        await step(() => deps.note("unkeyed"));
        await run.sleep("trial", days(30));
        return step(() => deps.note(`bill ${user}`), { key: "bill" });
      },
    });
    const env = createTestEnvironment(trial);
    const started = env.clock.now();
    expect(await env.start("ana", { runId: "t-1" })).toStrictEqual(
      ok({ runId: "t-1", deduplicated: false }),
    );
    expect(env.run("t-1")?.status).toBe("parked");
    expect(env.run("t-1")?.parkedOn).toStrictEqual({
      on: "sleep",
      until: started + 30 * DAY,
      stepKey: "awaitly:sleep:trial",
    });
    const early = await env.result("t-1", { timeout: "29d" });
    expect(typeOf(early)).toBe("RUN_TIMEOUT");
    await env.advance("1d");
    expect(await env.result("t-1")).toStrictEqual(ok("bill ana"));
    // The keyed step came from its checkpoint on the wake; the unkeyed one ran again.
    expect(calls).toStrictEqual(["welcome ana", "unkeyed", "unkeyed", "bill ana"]);
    expect(env.run("t-1")?.steps.map((s) => [s.key, s.status])).toStrictEqual([
      ["welcome", "completed"],
      ["awaitly:sleep:trial", "completed"],
      ["bill", "completed"],
    ]);
    expect([...env.checkpoints("t-1").keys()]).toStrictEqual([
      "welcome",
      "awaitly:sleep:trial",
      "bill",
    ]);
  });

  it("delivers a signal to a waiting run and ends the wait at its deadline without one", async () => {
    const approval = defineWorkflow({
      name: "approval",
      deps: {},
      body: async (_step, _deps, deadline: number, run) => {
        const answer = await run.waitForSignal<{ by: string }>("approved", { until: deadline });
        return answer.received ? `approved by ${answer.payload.by}` : "expired";
      },
    });
    const env = createTestEnvironment(approval);
    const week = env.clock.now() + 7 * DAY;
    await env.start(week, { runId: "a-1" });
    await env.start(week, { runId: "a-2" });
    expect(env.run("a-1")?.parkedOn?.on).toBe("approved");
    expect(await env.signal("a-1", "approved", { by: "ana" })).toStrictEqual(ok(undefined));
    expect(await env.result("a-1")).toStrictEqual(ok("approved by ana"));
    await env.advance("7d");
    expect(await env.result("a-2")).toStrictEqual(ok("expired"));
    const late = await env.signal("a-2", "approved", { by: "bo" });
    expect(typeOf(late)).toBe("RUN_FINISHED");
    expect(typeOf(await env.signal("nope", "approved"))).toBe("RUN_NOT_FOUND");
  });

  it("refuses a signal the run does not wait for, and payloads its schema rejects", async () => {
    const errors: Error[] = [];
    const isAmount = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) =>
          typeof value === "number" ? { value } : { issues: [{ message: "not a number" }] },
      },
    };
    const pay = defineWorkflow({
      name: "pay",
      deps: {},
      body: async (_step, _deps, _input: null, run) => {
        const paid = await run.waitForSignal("paid", { schema: isAmount });
        return paid.received ? paid.payload : -1;
      },
    });
    const env = createTestEnvironment(pay, { onError: (error) => errors.push(error) });
    await env.start(null, { runId: "p-1" });
    const wrong = await env.signal("p-1", "shipped");
    expect(wrong.ok ? undefined : wrong.error.message).toBe(
      'Run "p-1" is waiting for signal "paid", not "shipped"; nothing was stored (check the signal name)',
    );
    const refused = await env.signal("p-1", "paid", "ten", { schema: isAmount });
    expect(typeOf(refused)).toBe("SIGNAL_PAYLOAD_INVALID");
    // Sent without the schema: the run validates it, drops it, reports it and waits on.
    await env.signal("p-1", "paid", "ten");
    expect(errors.map((e) => e.name)).toStrictEqual(["SignalPayloadError"]);
    expect(env.run("p-1")?.status).toBe("parked");
    await env.signal("p-1", "paid", 10);
    expect(await env.result("p-1")).toStrictEqual(ok(10));
  });

  it("keeps a signal sent while the run sleeps for when it waits for it", async () => {
    const later = defineWorkflow({
      name: "later",
      deps: {},
      body: async (_step, _deps, _input: null, run) => {
        await run.sleep("first", 60_000);
        const go = await run.waitForSignal<string>("go");
        return go.received ? go.payload : "none";
      },
    });
    const env = createTestEnvironment(later);
    await env.start(null, { runId: "l-1" });
    expect(await env.signal("l-1", "go", "early")).toStrictEqual(ok(undefined));
    expect(env.run("l-1")?.parkedOn?.on).toBe("sleep");
    await env.advance("1m");
    expect(await env.result("l-1")).toStrictEqual(ok("early"));
  });

  it("validates a signal with the environment's schema for its name", async () => {
    const isText = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) =>
          typeof value === "string" ? { value } : { issues: [{ message: "not text" }] },
      },
    };
    const note = defineWorkflow({
      name: "note",
      deps: {},
      body: async (_step, _deps, _input: null, run) => run.waitForSignal("note"),
    });
    const env = createTestEnvironment(note, { signals: { note: isText } });
    await env.start(null, { runId: "n-1" });
    const refused = await env.signal("n-1", "note", 42);
    expect(refused.ok ? undefined : refused.error.message).toBe(
      'Signal "note" for run "n-1" has an invalid payload: not text',
    );
    expect(env.run("n-1")?.status).toBe("parked");
  });

  it("retries a thrown error with the queue's exponential backoff and keeps the attempt count", async () => {
    const attempts: Array<[number, number]> = [];
    const clock = createVirtualClock();
    const flaky = defineWorkflow({
      name: "flaky",
      deps: {},
      body: async (_step, _deps, _input: null, run) => {
        attempts.push([run.attempt, clock.now()]);
        if (run.attempt < 3) throw new Error("database down");
        await run.sleep("pause", 1000);
        return run.attempt;
      },
    });
    const env = createTestEnvironment(flaky, { clock, attempts: 3, backoffMs: 1000 });
    const t0 = clock.now();
    await env.start(null, { runId: "f-1" });
    expect(await env.result("f-1", { timeout: "1h" })).toStrictEqual(ok(3));
    // 1 s, then 2 s of backoff; the wake from the sleep continues attempt 3.
    expect(attempts).toStrictEqual([
      [1, t0],
      [2, t0 + 1000],
      [3, t0 + 3000],
      [3, t0 + 4000],
    ]);
  });

  it("ends a run with its last attempt's error, retrying business errors only when retryOn names them", async () => {
    let calls = 0;
    const charge = async (): AsyncResult<string, { type: "DECLINED" } | { type: "BUSY" }> => {
      calls++;
      return err(calls < 3 ? { type: "BUSY" } : { type: "DECLINED" });
    };
    const billing = defineWorkflow({
      name: "billing",
      deps: { charge },
      body: async (step, deps) => step(() => deps.charge(), { key: "charge" }),
    });
    const env = createTestEnvironment(billing, {
      backoffMs: 10,
      retryOn: (error) => error.type === "BUSY",
    });
    await env.start(null, { runId: "b-1" });
    expect(await env.result("b-1", { timeout: "1s" })).toStrictEqual(err({ type: "DECLINED" }));
    expect(calls).toBe(3);
    expect(env.run("b-1")).toMatchObject({ status: "failed", attempts: 3 });
    expect(env.run("b-1")?.steps[0]).toMatchObject({
      key: "charge",
      status: "failed",
      errorType: "DECLINED",
    });
  });

  it("fails a misused workflow at once, without retries, and reports it", async () => {
    const errors: Error[] = [];
    const one = async (): AsyncResult<number, never> => ok(1);
    let runs = 0;
    const twice = defineWorkflow({
      name: "twice",
      deps: { one },
      body: async (step, deps) => {
        runs++;
        await step(() => deps.one(), { key: "same", name: "first" });
        return step(() => deps.one(), { key: "same", name: "second" });
      },
    });
    const env = createTestEnvironment(twice, { onError: (error) => errors.push(error) });
    await env.start(null, { runId: "m-1" });
    const result = await env.result("m-1", { timeout: "1h" });
    expect(result.ok).toBe(false);
    expect(runs).toBe(1);
    expect(errors.map((e) => (e as { type?: string }).type)).toStrictEqual(["STEP_KEY_COLLISION"]);
  });

  it("crashes a run after a step and resumes it from its checkpoints on a new attempt", async () => {
    const effects: string[] = [];
    const act = async (what: string): AsyncResult<string, never> => {
      effects.push(what);
      return ok(what);
    };
    const order = defineWorkflow({
      name: "order",
      deps: { act },
      body: async (step, deps, id: string, run) => {
        await step(() => deps.act(`reserve ${id}`), { key: "reserve" });
        await step(() => deps.act(`charge ${id} (attempt ${String(run.attempt)})`), {
          key: "charge",
        });
        return "done";
      },
    });
    const env = createTestEnvironment(order, { crashRecoveryMs: 15_000 });
    await env.start("o1", { runId: "o-1", crashAfter: "reserve" });
    expect(effects).toStrictEqual(["reserve o1"]);
    expect(env.run("o-1")?.status).toBe("active");
    await env.advance("15s");
    expect(await env.result("o-1")).toStrictEqual(ok("done"));
    expect(effects).toStrictEqual(["reserve o1", "charge o1 (attempt 2)"]);
  });

  it("cancels a parked run at once and an active one before its next step", async () => {
    let aborted = false;
    const slow = async (): AsyncResult<number, "DOWN"> => err("DOWN");
    const work = defineWorkflow({
      name: "work",
      deps: { slow },
      body: async (step, deps, _input: null, run) => {
        run.signal.addEventListener("abort", () => (aborted = true));
        await run.sleep("nap", 60_000);
        return step(() => deps.slow(), {
          key: "slow",
          retry: { attempts: 5, initialDelay: 60_000 },
        });
      },
    });
    const env = createTestEnvironment(work);
    await env.start(null, { runId: "w-1" });
    await env.start(null, { runId: "w-2" });
    expect(await env.cancel("w-1")).toStrictEqual(ok({ runId: "w-1", how: "stopped" }));
    expect(await env.result("w-1")).toMatchObject({
      ok: false,
      error: { type: "RUN_CANCELLED", message: 'Run "w-1" was cancelled' },
    });
    await env.advance("61s");
    expect(env.run("w-2")?.status).toBe("active");
    expect(await env.cancel("w-2")).toStrictEqual(ok({ runId: "w-2", how: "stopping" }));
    expect(typeOf(await env.result("w-2"))).toBe("RUN_CANCELLED");
    expect(aborted).toBe(true);
    expect(typeOf(await env.cancel("w-2"))).toBe("RUN_FINISHED");
    // A cancelled run is "cancelled" (not "failed"), and says so when cancelled again.
    expect(env.run("w-1")?.status).toBe("cancelled");
    const again = await env.cancel("w-1");
    expect(!again.ok && again.error).toBeInstanceOf(RunFinishedError);
    expect(!again.ok && again.error).toMatchObject({ state: "cancelled" });
    const result = await env.result("w-1");
    expect(!result.ok && result.error).toBeInstanceOf(RunCancelledError);
  });

  it("parks a run on a pending approval until it is decided and resumed", async () => {
    const store = createMemoryApprovalStore();
    const check = createApprovalChecker<{ by: string }>(store);
    const approve = createApprovalStep<{ by: string }>({
      key: "approve:r1",
      checkApproval: check("approve:r1"),
    });
    const refund = defineWorkflow({
      name: "refund",
      deps: { approve },
      body: async (step, deps) => {
        const decision = await step(() => deps.approve(), { key: "approve" });
        return `refunded, approved by ${decision.by}`;
      },
    });
    await store.createApproval("approve:r1");
    const env = createTestEnvironment(refund);
    await env.start(null, { runId: "r-1" });
    expect(env.run("r-1")?.parkedOn).toMatchObject({ on: "approval", stepKey: "approve:r1" });
    await store.grantApproval("approve:r1", { by: "ana" });
    await env.resume("r-1");
    expect(await env.result("r-1")).toStrictEqual(ok("refunded, approved by ana"));
  });

  it("checks a pending approval again after approvalRecheckMs without a resume", async () => {
    const store = createMemoryApprovalStore();
    const approve = createApprovalStep<{ by: string }>({
      key: "approve:r2",
      checkApproval: createApprovalChecker<{ by: string }>(store)("approve:r2"),
    });
    const refund = defineWorkflow({
      name: "refund",
      deps: { approve },
      body: async (step, deps) => (await step(() => deps.approve(), { key: "approve" })).by,
    });
    await store.createApproval("approve:r2");
    const env = createTestEnvironment(refund, { approvalRecheckMs: 30_000 });
    await env.start(null, { runId: "r-2" });
    await store.grantApproval("approve:r2", { by: "bo" });
    await env.advance("29s");
    expect(env.run("r-2")?.status).toBe("parked");
    await env.advance("1s");
    expect(await env.result("r-2")).toStrictEqual(ok("bo"));
  });

  it("fails a run that starts a child run, saying the environment does not support it", async () => {
    const parent = defineWorkflow({
      name: "parent",
      deps: {},
      body: async (_step, _deps, _input: null, run) => run.child(undefined as never, "c", null),
    });
    const errors: string[] = [];
    const env = createTestEnvironment(parent, { onError: (error) => errors.push(error.name) });
    await env.start(null, { runId: "c-1" });
    const result = await env.result("c-1");
    const thrown = result.ok
      ? undefined
      : (result.error as { cause: { thrown: Error } }).cause.thrown;
    expect(thrown?.message).toMatch(
      /^run\.child: child runs are not supported by createTestEnvironment/,
    );
    expect(env.run("c-1")?.attempts).toBe(1);
    expect(errors).toStrictEqual(["TypeError"]);
  });

  it("carries inputs and outcomes through the wire codec and dedupes starts by run id", async () => {
    const echo = defineWorkflow({
      name: "echo",
      deps: {},
      body: async (_step, _deps, input: { at: Date }) => input.at instanceof Date,
    });
    const env = createTestEnvironment(echo);
    await env.start({ at: new Date(0) }, { runId: "e-1" });
    expect(await env.result("e-1")).toStrictEqual(ok(true));
    expect(await env.start({ at: new Date(0) }, { runId: "e-1" })).toStrictEqual(
      ok({ runId: "e-1", deduplicated: true }),
    );
    expect(typeOf(await env.start({ at: new Date(1) }, { runId: "e-1" }))).toBe("RUN_CONFLICT");
    const refused = await env.start({ at: (() => 1) as never }, { runId: "e-2" });
    expect(refused.ok).toBe(false);
    expect(env.run("e-2")).toBeUndefined();
  });

  it("ends a resumed run whose code no longer matches its checkpoints with a WorkflowDriftError", async () => {
    const one = async (): AsyncResult<number, never> => ok(1);
    const v1 = defineWorkflow({
      name: "flow",
      deps: { one },
      body: async (step, deps, _input: null, run) => {
        await step(() => deps.one(), { key: "a" });
        await step(() => deps.one(), { key: "b" });
        await run.sleep("wait", 1000);
        return "v1";
      },
    });
    const v2 = defineWorkflow({
      name: "flow",
      deps: { one },
      body: async (step, deps, _input: null, run) => {
        await step(() => deps.one(), { key: "b" });
        await step(() => deps.one(), { key: "a" });
        await run.sleep("wait", 1000);
        return "v2";
      },
    });
    const errors: string[] = [];
    const env = createTestEnvironment(v1, { onError: (e) => errors.push(e.name) });
    await env.start(null, { runId: "d-1" });
    env.deploy(v2);
    await env.advance("1s");
    const result = await env.result("d-1");
    expect(result.ok).toBe(false);
    expect(errors).toStrictEqual(["WorkflowDriftError"]);
  });

  it("rejects bad options, naming them", () => {
    const none = defineWorkflow({ name: "none", deps: {}, body: async () => 1 });
    expect(() => createTestEnvironment(none, { attempts: 0 })).toThrow(
      'createTestEnvironment: option "attempts" must be a whole number ≥ 1, got 0',
    );
    expect(() => createTestEnvironment(none, { atempts: 2 } as never)).toThrow(/atempts/);
    expect(() => createTestEnvironment({} as never)).toThrow(TypeError);
  });
});
