import { describe, expect, it } from "vitest";
import { assertKnownOptions, ok, run } from "@awaitly/core";

describe("assertKnownOptions", () => {
  it("throws a TypeError naming the closest known option", () => {
    expect(() =>
      assertKnownOptions("queue.enqueue", { runid: "a" }, ["runId", "delay", "priority"]),
    ).toThrow(new TypeError('queue.enqueue: unknown option "runid" (did you mean "runId"?)'));
  });

  it("accepts known names", () => {
    expect(() => assertKnownOptions("x", { delay: 1 }, ["runId", "delay"])).not.toThrow();
  });
});

describe("step retry options from plain JavaScript", () => {
  it("fails the step with a TypeError naming retry.attempts for retry: { attempt: 3 }", async () => {
    const result = await run(async (step) => step(() => ok(1), { retry: { attempt: 3 } as never }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.cause).toBeInstanceOf(TypeError);
      expect((result.cause as Error).message).toMatch(
        /unknown option "retry.attempt" \(did you mean "retry.attempts"\?\)/,
      );
    }
  });
});
