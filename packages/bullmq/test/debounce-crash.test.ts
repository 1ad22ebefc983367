import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ok } from "@awaitly/core";
import { describe, expect, it } from "vitest";
import { useBull } from "./support/use-bull";
import { waitFor } from "./support/wait-for";

const ctx = useBull();
const callerFile = fileURLToPath(new URL("./support/debounce-caller.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

// Runs a debounce caller process until it prints `until`, then SIGKILLs it; answers its output.
async function killCallerAfter(until: string, args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--conditions=@awaitly/source", "--import", "tsx", callerFile, ctx.url, ctx.prefix, ...args],
    { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes(until), 30_000);
    return output;
  } finally {
    child.kill("SIGKILL");
  }
}

describe("WorkflowQueue.debounce under SIGKILL", () => {
  it("starts the batch with every input when its caller is killed right after debounce resolves", async () => {
    const output = await killCallerAfter("resolved", ["resolve", "1", "2", "3"]);
    const runId = /resolved (\S+)/.exec(output)?.[1] ?? "";
    const queue = ctx.queue<number[], number[], never>("digest");
    ctx.worker("digest", { deps: {}, workflow: async (_step, _deps, ns: number[]) => ns });
    expect(await queue.result(runId, { timeoutMs: 30_000 })).toStrictEqual(ok([1, 2, 3]));
  }, 60_000);

  it("starts the batch when its only caller is killed after storing its input, before anything else", async () => {
    await killCallerAfter("stored", ["stall", "7"]);
    const queue = ctx.queue<number[], number[], never>("digest");
    ctx.worker("digest", { deps: {}, workflow: async (_step, _deps, ns: number[]) => ns });
    // The run is known from the moment the input is stored.
    const { runs } = await queue.runs();
    expect(runs).toHaveLength(1);
    expect(await queue.result(runs[0]!.runId, { timeoutMs: 30_000 })).toStrictEqual(ok([7]));
  }, 60_000);
});
