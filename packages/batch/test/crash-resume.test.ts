import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const worker = fileURLToPath(new URL("./support/durable-worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const prefix = `awaitly-batch-test:${crypto.randomUUID()}:`;
const redis = new Redis(url, { maxRetriesPerRequest: 1 });

afterEach(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Starts the worker; resolves `killAt` lines by SIGKILLing it as soon as one is printed. */
function startWorker(hangAfterBatch: number, killAt?: RegExp) {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@awaitly/source",
      "--import",
      "tsx",
      worker,
      url,
      prefix,
      "run-1",
      String(hangAfterBatch),
    ],
    { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  let buffer = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (killAt?.test(line)) child.kill("SIGKILL");
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { lines, exited, stderr: () => stderr };
}

// The run's hash also holds the lock fence's bookkeeping field; only batch keys count here.
const savedBatches = async (): Promise<string[]> =>
  Object.keys(await redis.hgetall(`${prefix}run:run-1`)).filter((k) => k.startsWith("embed/"));

const itemsRun = (lines: string[]): number[] =>
  lines.filter((l) => l.startsWith("item ")).map((l) => Number(l.slice(5)));

describe("stepInBatches across a crash", () => {
  it("a run SIGKILLed after batch 3 of 10 resumes at batch 4; batches 1–3 do not run again", async () => {
    const first = startWorker(3, /^checkpoint embed\/3$/);
    const firstExit = await first.exited;
    expect(firstExit.signal, first.stderr()).toBe("SIGKILL");
    expect(first.lines.filter((l) => l.startsWith("checkpoint "))).toEqual([
      "checkpoint embed/1",
      "checkpoint embed/2",
      "checkpoint embed/3",
    ]);
    expect((await savedBatches()).sort()).toEqual(["embed/1", "embed/2", "embed/3"]);

    const second = startWorker(0);
    const secondExit = await second.exited;
    expect(secondExit.code, second.stderr()).toBe(0);
    const resultLine = second.lines.find((l) => l.startsWith("result ")) ?? "result null";
    expect(JSON.parse(resultLine.slice(7))).toEqual({
      ok: true,
      value: Array.from({ length: 50 }, (_, i) => i * i),
    });
    // The resumed process called nothing of batches 1–3 (items 0–14) and every other item once.
    expect(itemsRun(second.lines).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 35 }, (_, i) => i + 15),
    );
    expect(second.lines.filter((l) => l.startsWith("checkpoint "))).toEqual(
      Array.from({ length: 7 }, (_, b) => `checkpoint embed/${b + 4}`),
    );
    const calls = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => Number(await redis.get(`${prefix}calls:${i}`))),
    );
    expect(calls).toEqual(Array.from({ length: 15 }, () => 1));
    expect(await savedBatches()).toHaveLength(10);
  }, 60_000);
});
