import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();
const worker = fileURLToPath(new URL("./support/worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

function startWorker(
  prefix: string,
  runId: string,
  delayMs: number,
): {
  child: ChildProcess;
  lines: string[];
  waitForLine: (pattern: RegExp) => Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@awaitly/source",
      "--import",
      "tsx",
      worker,
      ctx.url,
      prefix,
      runId,
      String(delayMs),
    ],
    { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
  );
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
  return {
    child,
    lines,
    exited,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen !== undefined) return resolve(seen);
        waiters.push({ pattern, resolve });
        void exited.then(() =>
          reject(new Error(`worker exited before ${pattern}; stderr:\n${stderr}`)),
        );
      }),
  };
}

describe("crash and resume across processes", () => {
  it("resumes a SIGKILLed 20-step run in a second worker; checkpointed effects ran exactly once", async () => {
    const { prefix, redis } = ctx;
    const runId = "order-42";

    const first = startWorker(prefix, runId, 40);
    await first.waitForLine(/^effect 10$/);
    first.child.kill("SIGKILL");
    await first.exited;

    // Step fields only: the hash also holds the fencing record of the latest write.
    const stepFields = async () =>
      Object.keys(await redis.hgetall(`${prefix}run:${runId}`)).filter((k) =>
        k.startsWith("step:"),
      );
    const checkpointed = await stepFields();
    expect(checkpointed.length).toBeGreaterThanOrEqual(9);
    expect(checkpointed.length).toBeLessThan(20);
    // The dead worker never released: its lease is still there until it expires.
    expect(await redis.exists(`${prefix}lock:${runId}`)).toBe(1);

    const second = startWorker(prefix, runId, 0);
    expect(await second.exited).toBe(0);
    const resultLine = second.lines.find((line) => line.startsWith("result "));
    expect(JSON.parse(resultLine?.slice("result ".length) ?? "null")).toStrictEqual({
      ok: true,
      value: Array.from({ length: 20 }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b),
    });

    const counts = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        Number(await redis.get(`${prefix}effect:${i + 1}`)),
      ),
    );
    for (const key of checkpointed) {
      expect(counts[Number(key.slice("step:".length)) - 1]).toBe(1);
    }
    // At-least-once boundary: only the step whose checkpoint had not landed may have run twice.
    expect(counts.every((count) => count >= 1)).toBe(true);
    expect(counts.reduce((a, b) => a + b) - 20).toBeLessThanOrEqual(1);
    const rerun = second.lines
      .filter((line) => line.startsWith("effect "))
      .map((line) => `step:${line.slice(7)}`);
    expect(rerun.some((key) => checkpointed.includes(key))).toBe(false);
    expect(rerun.length).toBe(20 - checkpointed.length);
    expect(await stepFields()).toHaveLength(20);
    expect(await redis.exists(`${prefix}lock:${runId}`)).toBe(0);
  });
});
