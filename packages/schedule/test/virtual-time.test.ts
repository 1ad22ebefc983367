import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok, type AsyncResult, type Clock } from "@awaitly/core";
import { Duration, Schedule, retryWithSchedule } from "@awaitly/schedule";
import { createVirtualClock } from "@awaitly/testing";

describe("retryWithSchedule({ clock })", () => {
  it("waits a schedule's exponential delays on the clock: hours of backoff in one advance", async () => {
    const clock = createVirtualClock({ start: 0 });
    const triedAt: number[] = [];
    const flaky = async (): AsyncResult<string, "DOWN"> => {
      triedAt.push(clock.now());
      return triedAt.length < 6 ? err("DOWN") : ok("up");
    };
    const backoff = Schedule.exponential<"DOWN">(Duration.minutes(1)).pipe(Schedule.upTo(10));
    const workflow = createWorkflow({ flaky });
    const pending = workflow(async (step, deps) =>
      step(
        retryWithSchedule(backoff, () => deps.flaky(), { clock }),
        "flaky",
      ),
    );
    await clock.advance("31m");
    expect(await pending).toEqual(ok("up"));
    expect(triedAt.map((t) => t / 60_000)).toEqual([0, 1, 3, 7, 15, 31]);
  });

  it("gives up when the schedule is done, after waiting only on the clock", async () => {
    const clock = createVirtualClock({ start: 0 });
    let calls = 0;
    const down = async (): AsyncResult<never, "DOWN"> => (calls++, err("DOWN"));
    const pending = retryWithSchedule(
      Schedule.spaced(Duration.days(1)).pipe(Schedule.upTo(2)),
      down,
      {
        clock,
      },
    )();
    await clock.advance("2d");
    expect(await pending).toEqual(err("DOWN"));
    expect(calls).toBe(3);
  });

  it("rejects a clock that is not a Clock when the operation is built", () => {
    expect(() =>
      retryWithSchedule(Schedule.recurs(1), async () => ok(1), { clock: {} as Clock }),
    ).toThrow(new TypeError('retryWithSchedule: option "clock" must be a Clock, got {}'));
  });
});
