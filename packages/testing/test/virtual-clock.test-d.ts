import { describe, expectTypeOf, it } from "vitest";
import { Duration, type Clock } from "@awaitly/core";
import { createVirtualClock, type DurationInput, type VirtualClock } from "@awaitly/testing";

describe("createVirtualClock types", () => {
  it("is a Clock that advances by ms, a Duration or a string", () => {
    const clock = createVirtualClock();
    expectTypeOf(clock).toEqualTypeOf<VirtualClock>();
    expectTypeOf(clock).toMatchTypeOf<Clock>();
    expectTypeOf(clock.advance).parameter(0).toEqualTypeOf<DurationInput>();
    void clock.advance("30d");
    void clock.advance(Duration.days(7));
    void clock.advance(1_000);
    // @ts-expect-error a duration is not a boolean
    void clock.advance(true);
  });
});
