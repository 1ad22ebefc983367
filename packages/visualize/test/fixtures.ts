import { createWorkflow, err, ok, type AsyncResult, type WorkflowEvent } from "@awaitly/core";

export const HOSTILE =
  'He said "hi" [x] {y} (z) | pipe <script>window.__pwned = 1</script>\nnext line — ünïcødé ✓ #1;&amp;';

const delay = <T>(ms: number, value: T): AsyncResult<T, never> =>
  new Promise((r) => setTimeout(() => r(ok(value)), ms));

/** A real workflow run with a keyed step, a retried step, a parallel scope, a cache hit and a failure. */
export async function recordRun(options: { failing?: boolean; hostile?: boolean } = {}) {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const cache = new Map([["prefs", ok({ theme: "dark" })]]);
  let calls = 0;
  const flaky = async (): AsyncResult<number, "BUSY"> => (++calls < 2 ? err("BUSY") : ok(calls));
  const fail = async (): AsyncResult<number, "NOT_FOUND"> => err("NOT_FOUND");
  const workflow = createWorkflow({ flaky, fail }, { cache, onEvent: (e) => void events.push(e) });
  await workflow(async (step, deps) => {
    await step(() => delay(2, 1), {
      key: "user:1",
      name: options.hostile ? HOSTILE : "Fetch user",
    });
    await step(() => deps.flaky(), {
      name: "Reserve stock",
      retry: { attempts: 3, initialDelay: 1, jitter: false },
    });
    await step.parallel(
      { orders: () => delay(3, ["o1"]), invoices: () => delay(2, ["i1"]) },
      { name: "Load history" },
    );
    await step(() => delay(1, 0), { key: "prefs", name: "Load prefs" });
    if (options.failing) await step(() => deps.fail(), "Charge card");
    return "done";
  });
  return events;
}

/**
 * A real run whose "Slow" step times out (its error is kept as the step's result) and whose
 * "Charge card" step fails. Uses fake timers when the caller has installed them.
 */
export async function recordTimeoutRun(advance?: (ms: number) => Promise<unknown>) {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const slow = (): AsyncResult<number, never> => new Promise((r) => setTimeout(() => r(ok(1)), 50));
  const fail = async (): AsyncResult<number, "NOT_FOUND"> => err("NOT_FOUND");
  const workflow = createWorkflow({ slow, fail }, { onEvent: (e) => void events.push(e) });
  const run = workflow(async (step, deps) => {
    await step(() => deps.slow(), { name: "Slow", key: "slow", timeout: { ms: 5 } }).catch(() => 0);
    await step(() => deps.fail(), "Charge card");
    return "done";
  });
  if (advance) await advance(60);
  await run;
  return events;
}

/** A real run paused on an approval gate: the gate's step fails with `PENDING_APPROVAL`. */
export async function recordApprovalRun() {
  const events: WorkflowEvent<unknown, unknown>[] = [];
  const load = async (): AsyncResult<number, never> => ok(1);
  const approve = async (): AsyncResult<never, { type: "PENDING_APPROVAL"; stepKey: string }> =>
    err({ type: "PENDING_APPROVAL", stepKey: "approve:refund-42" });
  const workflow = createWorkflow({ load, approve }, { onEvent: (e) => void events.push(e) });
  await workflow(async (step, deps) => {
    await step(() => deps.load(), "Load order");
    return step(() => deps.approve(), { key: "approve:refund-42", name: "Approve refund" });
  });
  return events;
}
