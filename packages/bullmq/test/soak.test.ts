import { describe, expect, inject, it } from "vitest";
import { runSoak } from "./soak/run-soak";

describe("createWorkflowWorker under SIGKILL", () => {
  // Under a minute on an idle machine; shared CI cores can make stall recovery much slower.
  it("completes every run with the right value, re-runs no checkpointed step, repeats at most the in-flight one", async () => {
    const report = await runSoak({
      url: inject("redisUrl"),
      prefix: `awaitly-test-${crypto.randomUUID()}`,
      runs: 300,
      workers: 3,
      killEveryMs: 1500,
      concurrency: 10,
    });
    expect(report.kills).toBeGreaterThanOrEqual(3);
    expect(report.completed).toBe(300);
    expect(report.failed).toBe(0);
    expect(report.wrongValue).toBe(0);
    expect(report.checkpointedStepsRerun).toBe(0);
    expect(report.maxRepeatsOfOneRunPerInterruption).toBeLessThanOrEqual(1);
  }, 300_000);
});
