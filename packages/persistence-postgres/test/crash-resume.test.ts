import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usePostgres } from "./support/use-postgres";

const ctx = usePostgres();
const worker = fileURLToPath(new URL("./support/worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

beforeAll(async () => {
  await ctx.pool.query(
    `CREATE TABLE "${ctx.schema}".effects (step int PRIMARY KEY, runs int NOT NULL)`,
  );
});

function startWorker(runId: string, delayMs: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--conditions=@awaitly/source",
      "--import",
      "tsx",
      worker,
      ctx.url,
      ctx.schema,
      runId,
      String(delayMs),
    ],
    { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
  );
  spawned.push(child);
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let buffer = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  const waitForLine = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return resolve(seen);
      waiters.push({ pattern, resolve });
      void exited.then(() =>
        reject(new Error(`worker exited before ${pattern}; stderr:\n${stderr}`)),
      );
    });
  return { child, lines, exited, waitForLine };
}

// Two worker processes each start tsx; on a loaded 2-core CI machine that alone can take seconds.
const SPAWNED_TEST_TIMEOUT_MS = 90_000;
const spawned: ChildProcess[] = [];
afterAll(() => {
  for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("crash and resume across processes", () => {
  it("resumes a SIGKILLed 20-step run in a second worker; checkpointed steps never run twice", async () => {
    const runId = "order-42";
    const checkpointed = async (): Promise<number[]> =>
      (
        await ctx.pool.query<{ step_key: string }>(
          `SELECT step_key FROM "${ctx.schema}".awaitly_checkpoints WHERE run_id = $1`,
          [runId],
        )
      ).rows.map((row) => Number(row.step_key.slice("step:".length)));

    const first = startWorker(runId, 40);
    await first.waitForLine(/^effect 10$/);
    first.child.kill("SIGKILL");
    await first.exited;

    const before = await checkpointed();
    expect(before.length).toBeGreaterThanOrEqual(9);
    expect(before.length).toBeLessThan(20);
    // The dead worker never released: its lease row is still there until it expires.
    const lease = await ctx.pool.query(
      `SELECT 1 FROM "${ctx.schema}".awaitly_locks WHERE name = $1`,
      [runId],
    );
    expect(lease.rowCount).toBe(1);

    const second = startWorker(runId, 0);
    expect(await second.exited).toBe(0);
    const resultLine = second.lines.find((line) => line.startsWith("result "));
    expect(JSON.parse(resultLine?.slice("result ".length) ?? "null")).toStrictEqual({
      ok: true,
      value: Array.from({ length: 20 }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b),
    });

    const runs = new Map(
      (
        await ctx.pool.query<{ step: number; runs: number }>(
          `SELECT step, runs FROM "${ctx.schema}".effects`,
        )
      ).rows.map((row) => [row.step, row.runs]),
    );
    // Every step that had a checkpoint when the first worker died ran exactly once.
    for (const step of before) expect(runs.get(step)).toBe(1);
    // At-least-once boundary: only the step whose checkpoint had not landed may have run twice.
    expect([...runs.values()].every((count) => count >= 1)).toBe(true);
    expect(runs.size).toBe(20);
    expect([...runs.values()].reduce((a, b) => a + b) - 20).toBeLessThanOrEqual(1);
    const rerun = second.lines
      .filter((line) => line.startsWith("effect "))
      .map((line) => Number(line.slice(7)));
    expect(rerun.some((step) => before.includes(step))).toBe(false);
    expect(rerun.length).toBe(20 - before.length);
    expect(await checkpointed()).toHaveLength(20);
    const released = await ctx.pool.query(
      `SELECT 1 FROM "${ctx.schema}".awaitly_locks WHERE name = $1`,
      [runId],
    );
    expect(released.rowCount).toBe(0);
  }, SPAWNED_TEST_TIMEOUT_MS);
});
