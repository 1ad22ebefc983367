/**
 * awaitly quickstart: run(), createWorkflow with inferred errors, retries, the keyed-step cache
 * and resuming a crashed run from its collected state. Runs on nothing but Node.
 */
import {
  createStepCollector,
  createWorkflow,
  err,
  ok,
  run,
  type AsyncResult,
  type ResumeState,
} from "@awaitly/core";

const quiet = process.argv.includes("--quiet");
const log = (...args: unknown[]) => {
  if (!quiet) console.log(...args);
};
const check = (condition: boolean, message: string) => {
  if (!condition) throw new Error(`quickstart check failed: ${message}`);
};

type User = { id: string; email: string };
type Order = { id: string; total: number };

const users: Record<string, User> = { u1: { id: "u1", email: "ada@example.com" } };
const calls = { fetchUser: 0, chargeCard: 0, sendEmail: 0 };
let flakyFailuresLeft = 2;
let crashEmail = true;

const fetchUser = async (id: string): AsyncResult<User, "USER_NOT_FOUND"> => {
  calls.fetchUser++;
  const user = users[id];
  return user ? ok(user) : err("USER_NOT_FOUND");
};
// Fails twice with a transient error, then succeeds: a job for retries.
const chargeCard = async (total: number): AsyncResult<Order, "CARD_DECLINED" | "PAYMENT_UNAVAILABLE"> => {
  calls.chargeCard++;
  if (flakyFailuresLeft-- > 0) return err("PAYMENT_UNAVAILABLE");
  return total > 1000 ? err("CARD_DECLINED") : ok({ id: `ord_${calls.chargeCard}`, total });
};
const sendEmail = async (to: string): AsyncResult<string, "EMAIL_FAILED"> => {
  calls.sendEmail++;
  if (crashEmail) throw new Error("process crashed while sending email");
  return ok(`sent to ${to}`);
};

// 1. run(): plain async/await over Results; the first failure ends the run.
const total = await run(async (step) => {
  const a = await step(ok(20));
  const b = await step(() => ok(22));
  return a + b;
});
log("1. run() →", total);
check(total.ok && total.value === 42, "run sums two steps");

// 2. createWorkflow: the error union is inferred from the dependencies.
const collector = createStepCollector();
const checkout = createWorkflow({ fetchUser, chargeCard, sendEmail }, { onEvent: collector.handleEvent });

const purchase = (resumeState?: ResumeState) =>
  createWorkflow({ fetchUser, chargeCard, sendEmail }, { onEvent: collector.handleEvent, ...(resumeState ? { resumeState } : {}) })(
    async (step, deps) => {
      const user = await step(() => deps.fetchUser("u1"), { key: "user" });
      // 3. Retries: exponential backoff, only for the transient error.
      const order = await step(() => deps.chargeCard(99), {
        key: "charge",
        retry: { attempts: 3, initialDelay: 10, retryOn: (e) => e === "PAYMENT_UNAVAILABLE" },
      });
      const receipt = await step(() => deps.sendEmail(user.email), { key: "email" });
      return { order, receipt };
    },
  );

const missing = await checkout(async (step, { fetchUser }) => step(() => fetchUser("nobody")));
log("2. typed failure →", missing);
check(!missing.ok && missing.error === "USER_NOT_FOUND", "the dependency's own error comes back");

// 4. The crash: email throws after user + charge completed (and were collected).
const crashed = await purchase();
log("3. first attempt →", crashed.ok ? "ok" : (crashed.error as { type: string }).type);
check(!crashed.ok, "first attempt crashes");
check(calls.chargeCard === 3, "charge retried twice before succeeding");

// 5. Resume: completed keyed steps replay from the collected state; only email runs again.
const saved = collector.getState();
crashEmail = false;
const before = { ...calls };
const resumed = await purchase({ steps: new Map([...saved.steps].filter(([, e]) => e.result.ok)) });
log("4. resumed →", resumed);
check(resumed.ok, "resumed run succeeds");
check(calls.fetchUser === before.fetchUser && calls.chargeCard === before.chargeCard, "user and charge were not re-run");
check(calls.sendEmail === before.sendEmail + 1, "email ran once more");

// 6. Caching: a shared cache makes keyed steps run once across invocations.
const cache = new Map();
const cached = createWorkflow({ fetchUser }, { cache });
await cached(async (step, d) => step(() => d.fetchUser("u1"), { key: "user:u1" }));
const fetchesBefore = calls.fetchUser;
await cached(async (step, d) => step(() => d.fetchUser("u1"), { key: "user:u1" }));
log("5. cache → second invocation fetched", calls.fetchUser - fetchesBefore, "times");
check(calls.fetchUser === fetchesBefore, "second invocation hit the cache");

console.log("quickstart: all checks passed");
