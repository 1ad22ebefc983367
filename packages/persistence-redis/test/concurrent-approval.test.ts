import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { createKVApprovalStore } from "@awaitly/hitl";
import { createRedisStore } from "@awaitly/persistence-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useRedis } from "./support/use-redis";

const ctx = useRedis();
const source = fileURLToPath(new URL("./support/approver.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
let bundleDir = "";
let script = "";

// One bundle of the approver (workspace sources in, ioredis out), so 20 processes start in plain
// node instead of each paying for a TypeScript loader on the shared cores.
beforeAll(async () => {
  bundleDir = await mkdtemp(join(packageDir, ".approver-"));
  script = join(bundleDir, "approver.mjs");
  await build({
    entryPoints: [source],
    outfile: script,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@awaitly/source"],
    external: ["ioredis"],
    logLevel: "warning",
  });
});
afterAll(async () => {
  if (bundleDir !== "") await rm(bundleDir, { recursive: true, force: true });
});
const PROCESSES = 20;
const ROUNDS = 5;

type Approver = { child: ChildProcess; next: () => Promise<string> };

// One process per approver, started once; each round they all approve the same request at once.
function startApprover(name: string, mode: string): Approver {
  const child = spawn(process.execPath, [script, ctx.url, ctx.prefix, name, mode], {
    cwd: packageDir,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const line = queue.shift();
      if (line !== undefined) resolve(line);
      else waiting.push(resolve);
    });
  return { child, next };
}

async function race(mode: string): Promise<number[]> {
  const approvers = Array.from({ length: PROCESSES }, (_, i) => startApprover(`p${i}`, mode));
  try {
    for (const approver of approvers) expect(await approver.next()).toBe("ready");
    const store = createKVApprovalStore(createRedisStore(ctx.redis, { prefix: ctx.prefix }));
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const key = `refund:${round}`;
      await store.createApproval(key);
      for (const approver of approvers) approver.child.stdin!.write(`go ${key}\n`);
      const answers = await Promise.all(approvers.map((approver) => approver.next()));
      const ok = answers.filter((line) => line === `result ${key} ok`);
      const refused = answers.filter((line) => line === `result ${key} ALREADY_DECIDED`);
      expect(ok.length + refused.length).toBe(PROCESSES);
      winners.push(ok.length);
      if (mode === "") {
        const decided = await store.getApproval(key);
        expect(decided.status).toBe("approved");
      }
    }
    return winners;
  } finally {
    for (const approver of approvers) approver.child.stdin!.end("quit\n");
    await Promise.all(
      approvers.map(
        (approver) =>
          new Promise((resolve) => {
            if (approver.child.exitCode !== null) resolve(undefined);
            else approver.child.once("exit", resolve);
          }),
      ),
    );
  }
}

describe("createKVApprovalStore on createRedisStore", () => {
  it(`lets exactly one of ${PROCESSES} processes approve the same request, ${ROUNDS} rounds`, async () => {
    expect(await race("")).toStrictEqual(Array.from({ length: ROUNDS }, () => 1));
  }, 60_000);
});
