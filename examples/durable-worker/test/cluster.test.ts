import { describe, expect, it } from "vitest";
import { STEPS, runCluster } from "../src/cluster";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("durable worker cluster", () => {
  it("finishes every run once although a worker is killed mid-run", async () => {
    const report = await runCluster({
      redisUrl,
      namespace: `dw-test:${process.pid}:${Date.now()}`,
      runs: 3,
    });
    expect(Object.values(report.results)).toEqual([STEPS.length, STEPS.length, STEPS.length]);
    // Every step ran; steps checkpointed before the kill never ran again.
    for (const counts of Object.values(report.effects)) {
      expect(Object.keys(counts).sort()).toEqual([...STEPS].sort());
    }
    expect(report.checkpointedBeforeKill).toHaveLength(2);
    for (const id of report.checkpointedBeforeKill) {
      const [runId, step] = id.split("/") as [string, string];
      expect(report.effects[runId]?.[step]).toBe(1);
    }
    // The run the killed worker held was resumed by another worker from its checkpoint.
    const heldRun = report.killed.afterCheckpoint.split("/")[0];
    expect(report.replayed.some((id) => id.startsWith(`${heldRun}/`))).toBe(true);
  }, 60_000);
});
