import { defineWorkflow } from "@awaitly/bullmq";
import { days, err, ok, type AsyncResult, type Clock } from "@awaitly/core";

const DAY = 86_400_000;

export type Renewal = { user: string };
export type Declined = { type: "DECLINED"; user: string };

/**
 * A subscription renewal: a 30-day trial, a week to choose a plan (else "basic"), a charge retried
 * with exponential backoff, and a mailer that is down on the run's first attempt (a run retry).
 * The body reads deadlines from `clock` (the worker's, or a test's virtual one), never `Date.now()`.
 */
export function renewals(clock: Clock) {
  const calls = new Map<string, number>();
  // The card gateway is down for the first two calls of each user; mallory's card is declined.
  const charge = async (user: string, plan: string): AsyncResult<string, Declined | "DOWN"> => {
    const n = (calls.get(user) ?? 0) + 1;
    calls.set(user, n);
    if (user === "mallory") return err({ type: "DECLINED", user });
    return n <= 2 ? err("DOWN") : ok(`receipt ${user}/${plan}`);
  };
  const mail = async (text: string): AsyncResult<string, never> => ok(`sent: ${text}`);
  return defineWorkflow({
    name: "renewals",
    deps: { charge, mail },
    body: async (step, deps, input: Renewal, run) => {
      await step(() => deps.mail(`welcome ${input.user}`), { key: "welcome" });
      await run.sleep("trial", days(30));
      const choice = await run.waitForSignal<{ plan: string }>("plan-chosen", {
        until: clock.now() + 7 * DAY,
      });
      const plan = choice.received ? choice.payload.plan : "basic";
      const receipt = await step(() => deps.charge(input.user, plan), {
        key: "charge",
        retry: { attempts: 4, backoff: "exponential", initialDelay: 60_000, jitter: false },
      });
      if (run.attempt === 1) throw new Error("mailer down");
      await step(() => deps.mail(receipt), { key: "receipt" });
      return { plan, receipt, attempt: run.attempt };
    },
  });
}
