import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ok, run } from "@awaitly/core";
import { createOtelEventHandler, type OtelEventHandler } from "@awaitly/otel";
import { createTelemetry } from "./support";

const gc = (globalThis as { gc?: () => void }).gc;

let telemetry: ReturnType<typeof createTelemetry>;
beforeEach(() => {
  telemetry = createTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

const RUNS = 20_000;

async function bareRuns(otel: OtelEventHandler, count: number) {
  for (let i = 0; i < count; i++) {
    if (i % 1_000 === 0) await telemetry.forgetSpans();
    await run(
      async (step) => {
        return step(() => Promise.resolve(ok(i)), { name: "save", key: `save:${i}` });
      },
      { onEvent: otel.handleEvent },
    );
  }
}

/** Heap retained per run after `RUNS` bare runs, measured after forced collections. */
async function retainedPerRun(otel: OtelEventHandler): Promise<number> {
  // Warm-up: JIT code, metric aggregations for the step names, context manager state.
  await bareRuns(otel, 1_000);
  await telemetry.forgetSpans();
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  await bareRuns(otel, RUNS);
  await telemetry.forgetSpans();
  gc!();
  gc!();
  return (process.memoryUsage().heapUsed - before) / RUNS;
}

describe("createOtelEventHandler memory", () => {
  it("retains at most 100 bytes per bare run() over 20,000 runs with an SDK recording spans", async () => {
    expect(gc, "run with --expose-gc (see vitest.config.ts)").toBeTypeOf("function");
    const otel = createOtelEventHandler({ tracer: telemetry.tracer, meter: telemetry.meter });
    const perRun = await retainedPerRun(otel);
    expect(otel.activeSpans()).toEqual({ workflows: 0, scopes: 0, steps: 0 });
    expect(perRun).toBeLessThanOrEqual(100);
  }, 30_000);

  it("retains at most 100 bytes per bare run() when nothing records spans", async () => {
    await telemetry.shutdown();
    const otel = createOtelEventHandler();
    telemetry = createTelemetry();
    const perRun = await retainedPerRun(otel);
    expect(perRun).toBeLessThanOrEqual(100);
  }, 30_000);
});
