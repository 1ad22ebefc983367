import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createWorkflow, ok, type AsyncResult, type RunStep } from "@awaitly/core";
import {
  createCheckpointHooks,
  driftRunsFrom,
  formatDriftReport,
  runDriftCheck,
} from "@awaitly/persistence";
import { createMemoryCheckpoints } from "./support/memory-checkpoints";

const charge = (key: string): AsyncResult<string, "DECLINED"> => Promise.resolve(ok(key));
const deps = { charge };
type Step = RunStep<"DECLINED">;

const oldCode =
  (keys: string[]) =>
  async (step: Step, { charge }: typeof deps) => {
    for (const key of keys) await step(() => charge(key), { key });
  };

const newCode = oldCode(["a", "x", "b", "c"]);

// Three runs of the old code parked after [a, b], [a, b, c] and [a], checkpointed by the policy.
async function parkedStore() {
  const { io } = createMemoryCheckpoints();
  const workflow = createWorkflow(deps);
  for (const [runId, keys] of [
    ["r1", ["a", "b"]],
    ["r2", ["a", "b", "c"]],
    ["r3", ["a"]],
  ] as const) {
    await workflow(oldCode([...keys]), createCheckpointHooks(io, runId, { fence: false }));
  }
  return io;
}

describe("runDriftCheck", () => {
  it("reads every run of a store and finds the two an inserted step would drift", async () => {
    let closed = 0;
    const report = await runDriftCheck({
      body: newCode,
      store: await parkedStore(),
      close: () => void closed++,
    });
    expect(report.drifted).toBe(2);
    expect(closed).toBe(1);
    expect(formatDriftReport(report).split("\n")).toEqual([
      'r1  diverges at keyed step 1: recorded "b", requested "x"',
      'r2  diverges at keyed step 1: recorded "b", requested "x"',
      "r3  compatible",
      "3 runs: 1 compatible, 0 need a patch, 2 diverge, 0 unchecked",
    ]);
  });

  it("passes each run's input from the store's runs", async () => {
    const io = await parkedStore();
    const inputs: unknown[] = [];
    for await (const run of driftRunsFrom(io, (runId) => `input of ${runId}`)) {
      inputs.push(run.input);
    }
    expect(inputs.sort()).toEqual(["input of r1", "input of r2", "input of r3"]);
  });

  it("refuses a config without a body or with both runs and store", async () => {
    await expect(runDriftCheck({} as never)).rejects.toThrow(/export \{ body, runs \}/);
    await expect(
      runDriftCheck({ body: newCode, runs: [], store: await parkedStore() }),
    ).rejects.toThrow(/exactly one of "runs" and "store"/);
  });
});

describe("awaitly-drift-check", () => {
  const bin = fileURLToPath(new URL("../src/bin/drift-check.ts", import.meta.url));
  const fixture = fileURLToPath(new URL("./fixtures/drift-module.ts", import.meta.url));
  const check = (env: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--conditions=@awaitly/source", "--import", "tsx", bin, ...args],
        { env: { ...process.env, ...env } },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number(error.code), out: stdout + stderr }),
      );
    });

  it("exits 1 when a run would drift and 0 once the change is a patch: a CI gate", async () => {
    const drifting = await check({}, fixture);
    expect(drifting.code).toBe(1);
    expect(drifting.out).toContain('r1  diverges at keyed step 1: recorded "b", requested "x"');
    const patched = await check({ DRIFT_FIXTURE_PATCHED: "1" }, fixture);
    expect(patched.code).toBe(0);
    expect(patched.out).toContain('r1  compatible through the old path of "x"');
    expect(patched.out).toContain('patch "x": 2 run(s) still take its old path (keep it)');
  });

  it("prints the report as JSON with --json, and exits 2 on a bad invocation", async () => {
    const json = await check({}, fixture, "--json");
    expect(JSON.parse(json.out)).toMatchObject({ drifted: 2 });
    expect((await check({})).code).toBe(2);
  });
});
