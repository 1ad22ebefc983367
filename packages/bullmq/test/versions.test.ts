import { ok, type AsyncResult } from "@awaitly/core";
import {
  createWorkflowQueue,
  isRunCancelledError,
  isRunConflictError,
  type WorkflowQueue,
} from "@awaitly/bullmq";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();

type Input = { n: number; hold?: boolean };

// A queue of `jobs` enqueueing on `version` (none: unversioned).
function queueOn(version?: string, name = "jobs"): WorkflowQueue<Input, string, never> {
  return ctx.track(
    createWorkflowQueue<Input, string, never>(name, {
      connection: ctx.redis,
      prefix: ctx.prefix,
      backoffMs: 10,
      ...(version === undefined ? {} : { version }),
    }),
  );
}

// A worker of `jobs` that says which code ran the run; a `hold` run waits for the signal "go".
function workerOn(
  code: string,
  options: { version?: string; compatibleVersions?: string[]; ran?: string[] } = {},
) {
  const mark = async (runId: string): AsyncResult<string, never> => {
    options.ran?.push(`${runId}@${code}`);
    return ok(code);
  };
  const { ran: _ran, ...versions } = options;
  return ctx.worker("jobs", {
    ...versions,
    deps: { mark },
    workflow: async (step, deps, input: Input, run) => {
      if (input.hold) await run.waitForSignal("go");
      return step(() => deps.mark(run.runId), { key: "mark" });
    },
  });
}

const idle = { waiting: 0, active: 0, parked: 0 };

describe("versions", () => {
  it("a worker takes only the runs of its version; a run keeps the version it was enqueued on", async () => {
    const v1 = queueOn("1");
    const v2 = queueOn("2");
    const ran: string[] = [];
    workerOn("v2", { version: "2", ran });
    await v1.enqueue({ n: 1 }, { runId: "old" });
    await v2.enqueue({ n: 2 }, { runId: "new" });
    expect(await v2.result("new", { timeoutMs: 10_000 })).toStrictEqual(ok("v2"));
    // The v2 worker polled its queue and ran "new": "old" is in a queue it never fetches from.
    expect((await v2.run("old"))?.status).toBe("waiting");
    expect(await v2.versions()).toStrictEqual({ "1": { ...idle, waiting: 1 }, "2": idle });
    workerOn("v1", { version: "1", ran });
    // Any queue, whatever its version, answers for any run.
    expect(await v2.result("old", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
    expect(ran).toStrictEqual(["new@v2", "old@v1"]);
    expect((await v2.run("old"))?.version).toBe("1");
    expect(await v1.versions()).toStrictEqual({ "1": idle });
    expect(await v1.versions()).toStrictEqual({});
  });

  it("dedupes a run id across versions: the run stays on its first version", async () => {
    const v1 = queueOn("1");
    const v2 = queueOn("2");
    expect(await v1.enqueue({ n: 1 }, { runId: "r" })).toStrictEqual(
      ok({ runId: "r", deduplicated: false }),
    );
    expect(await v2.enqueue({ n: 1 }, { runId: "r" })).toStrictEqual(
      ok({ runId: "r", deduplicated: true }),
    );
    const conflict = await v2.enqueue({ n: 9 }, { runId: "r" });
    expect(!conflict.ok && isRunConflictError(conflict.error)).toBe(true);
    expect(await v2.versions()).toStrictEqual({ "1": { ...idle, waiting: 1 } });
    expect(await v2.bullQueue.getJobCounts("waiting")).toStrictEqual({ waiting: 0 });
    workerOn("v1", { version: "1" });
    expect(await v2.result("r", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
  });

  it("signals (one by one and in bulk) and cancels parked runs through a queue of another version; they wake on their own version's worker", async () => {
    const v1 = queueOn("1");
    const v2 = queueOn("2");
    const ran: string[] = [];
    workerOn("v1", { version: "1", ran });
    workerOn("v2", { version: "2", ran });
    await v1.enqueue({ n: 1, hold: true }, { runId: "a" });
    await v1.enqueue({ n: 2, hold: true }, { runId: "b" });
    await v1.enqueue({ n: 3, hold: true }, { runId: "c" });
    await waitFor(async () => (await v2.versions())["1"]?.parked === 3);
    expect((await v2.run("a"))?.parkedOn?.on).toBe("go");
    expect(await v2.signal("a", "go", true)).toStrictEqual(ok(undefined));
    expect(await v2.result("a", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
    const bulk = await v2.bulk({ status: "parked" }, { type: "signal", name: "go" });
    expect(bulk.map((one) => [one.runId, one.result.ok]).sort()).toStrictEqual([
      ["b", true],
      ["c", true],
    ]);
    await v2.result("b", { timeoutMs: 10_000 });
    await v2.result("c", { timeoutMs: 10_000 });
    await v1.enqueue({ n: 4, hold: true }, { runId: "d" });
    await waitFor(async () => (await v2.versions())["1"]?.parked === 1);
    const cancelled = await v2.cancel("d");
    expect(cancelled).toStrictEqual(ok({ runId: "d", how: "stopped" }));
    const d = await v1.result("d", { timeoutMs: 1000 });
    expect(!d.ok && isRunCancelledError(d.error)).toBe(true);
    expect(ran.sort()).toStrictEqual(["a@v1", "b@v1", "c@v1"]);
    expect(await v2.versions()).toStrictEqual({ "1": idle });
  });

  it("retries a finished run (from a step too) on its own version's workers", async () => {
    const v1 = ctx.track(
      createWorkflowQueue<Input, string, never>("jobs", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        version: "1",
        checkpointer: ctx.checkpointer(),
      }),
    );
    const v2 = queueOn("2");
    const ran: string[] = [];
    workerOn("v1", { version: "1", ran });
    workerOn("v2", { version: "2", ran });
    await v1.enqueue({ n: 1 }, { runId: "r" });
    expect(await v1.result("r", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
    // Without fromStep the checkpoint answers; with it, the step runs again, on a v1 worker.
    expect((await v2.retry("r")).ok).toBe(true);
    expect(await v2.result("r", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
    expect((await v2.retry("r", { fromStep: "mark" })).ok).toBe(false);
    expect((await v1.retry("r", { fromStep: "mark" })).ok).toBe(true);
    expect(await v2.result("r", { timeoutMs: 10_000 })).toStrictEqual(ok("v1"));
    expect(ran).toStrictEqual(["r@v1", "r@v1"]);
  });

  it("a worker with compatibleVersions takes the runs of each; unversioned runs stay with unversioned workers", async () => {
    const v1 = queueOn("1");
    const v2 = queueOn("2");
    const none = queueOn();
    const ran: string[] = [];
    workerOn("v2", { version: "2", compatibleVersions: ["1"], ran });
    await v1.enqueue({ n: 1 }, { runId: "one" });
    await v2.enqueue({ n: 2 }, { runId: "two" });
    await none.enqueue({ n: 0 }, { runId: "plain" });
    expect(await v1.result("one", { timeoutMs: 10_000 })).toStrictEqual(ok("v2"));
    expect(await v1.result("two", { timeoutMs: 10_000 })).toStrictEqual(ok("v2"));
    expect((await none.run("plain"))?.status).toBe("waiting");
    // Unversioned runs are not counted by version.
    expect(await none.versions()).toStrictEqual({ "1": idle, "2": idle });
    workerOn("plain", { ran });
    expect(await v2.result("plain", { timeoutMs: 10_000 })).toStrictEqual(ok("plain"));
    expect(ran.sort()).toStrictEqual(["one@v2", "plain@plain", "two@v2"]);
  });

  it("routes fair-dispatched, debounced and child runs to their version's workers", async () => {
    const v2 = queueOn("2");
    const ran: string[] = [];
    workerOn("v2", { version: "2", ran });
    await v2.enqueue({ n: 1 }, { runId: "keyed", concurrencyKey: "k" });
    expect(await v2.result("keyed", { timeoutMs: 10_000 })).toStrictEqual(ok("v2"));
    const digests = ctx.track(
      createWorkflowQueue<number[], string, never>("digest", {
        connection: ctx.redis,
        prefix: ctx.prefix,
        version: "2",
      }),
    );
    ctx.worker("digest", {
      version: "2",
      deps: {},
      workflow: async (_step, _deps, ns: number[]) => `v2 got ${ns.join(",")}`,
    });
    const debounced = await digests.debounce("d", 7, { quietMs: 1 });
    if (!debounced.ok) throw debounced.error;
    expect(await digests.result(debounced.value.runId, { timeoutMs: 10_000 })).toStrictEqual(
      ok("v2 got 7"),
    );
    // A parent on version 1 waits for a child on version 2: the child's end wakes the parent.
    const parents = queueOn("1", "parents");
    ctx.worker("parents", {
      version: "1",
      deps: {},
      childRecheckMs: 60_000,
      workflow: async (_step, _deps, _input: Input, run): Promise<string> => {
        const child = await run.child<Input, string, never>(v2, "c", { n: 3 });
        return child.ok ? `parent of ${child.value}` : "child failed";
      },
    });
    await parents.enqueue({ n: 0 }, { runId: "p" });
    expect(await parents.result("p", { timeoutMs: 10_000 })).toStrictEqual(ok("parent of v2"));
    expect(ran).toContain("p/c@v2");
  });

  it("refuses a malformed version or compatibleVersions without a version", () => {
    expect(() => queueOn("a:b")).toThrow(TypeError);
    expect(() => queueOn("")).toThrow(/option "version"/);
    expect(() => workerOn("x", { compatibleVersions: ["1"] })).toThrow(
      /"compatibleVersions" needs the option "version"/,
    );
    expect(() => workerOn("x", { version: "2", compatibleVersions: ["{1}"] })).toThrow(
      /compatibleVersions\[0\]/,
    );
  });
});
