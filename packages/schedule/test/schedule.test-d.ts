import { expectTypeOf, it } from "vitest";
import type { Clock } from "@awaitly/core";
import {
  Duration,
  Schedule,
  type RetryWithScheduleOptions,
  type ScheduleDecision,
} from "@awaitly/schedule";

it("keeps pipe types and doubles as the Schedule type", () => {
  const s = Schedule.exponential(Duration.millis(100))
    .pipe(Schedule.upTo(3))
    .pipe(Schedule.map((d: Duration) => d.millis));
  expectTypeOf(s.step).returns.toEqualTypeOf<ScheduleDecision<number>>();
  const typed: Schedule<unknown, number> = s;
  expectTypeOf(
    Schedule.union(Schedule.recurs(1), Schedule.spaced(Duration.seconds(1))).initial.iterations,
  ).toEqualTypeOf<number>();
  expectTypeOf(Schedule.recurs(3).pipe(() => 42)).toEqualTypeOf<number>();
  void typed;
});

it("takes an optional Clock in retryWithSchedule's options", () => {
  expectTypeOf<RetryWithScheduleOptions<string>["clock"]>().toEqualTypeOf<Clock | undefined>();
});
