/**
 * `pnpm bench`: wall and CPU time of a durable workflow run end to end in `createTestEnvironment`
 * — a 30-day sleep, a 7-day signal deadline, a step retried with exponential backoff and a run
 * retry — for one run that gets its signal and one whose deadline passes.
 */
import { defineWorkflow } from "@awaitly/bullmq";
import { days, err, ok, type AsyncResult, type Clock } from "@awaitly/core";
import { createTestEnvironment, createVirtualClock } from "@awaitly/testing";
import { table } from "../../core/bench/timing";

const DAY = 86_400_000;

function renewals(clock: Clock) {
  const calls = new Map<string, number>();
  const charge = async (user: string, plan: string): AsyncResult<string, "DOWN"> => {
    const n = (calls.get(user) ?? 0) + 1;
    calls.set(user, n);
    return n <= 2 ? err("DOWN") : ok(`receipt ${user}/${plan}`);
  };
  const mail = async (text: string): AsyncResult<string, never> => ok(`sent: ${text}`);
  return defineWorkflow({
    name: "renewals",
    deps: { charge, mail },
    body: async (step, deps, input: { user: string }, run) => {
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
      return { plan, receipt };
    },
  });
}

async function scenario(): Promise<void> {
  const clock = createVirtualClock();
  const env = createTestEnvironment(renewals(clock), { clock, attempts: 3, backoffMs: 50 });
  for (const user of ["ana", "bo"]) {
    await env.start({ user }, { runId: user });
    await env.advance("30d");
    if (user === "ana") await env.signal(user, "plan-chosen", { plan: "pro" });
    else await env.advance("7d");
    const result = await env.result(user, { timeout: "1h" });
    if (!result.ok) throw new Error(`run ${user} failed: ${JSON.stringify(result.error)}`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

for (let i = 0; i < 10; i++) await scenario();
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < 50; i++) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await scenario();
  wall.push(performance.now() - start);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
}

console.log("\n## createTestEnvironment: 37 virtual days of a durable workflow (two runs)\n");
console.log(
  table(
    ["measure", "median ms", "max ms"],
    [
      ["wall time", median(wall).toFixed(1), Math.max(...wall).toFixed(1)],
      ["CPU time", median(cpu).toFixed(1), Math.max(...cpu).toFixed(1)],
    ],
  ),
);
