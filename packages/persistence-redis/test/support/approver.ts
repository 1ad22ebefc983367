// A worker process for the concurrent-approval test: waits for "go <key>" lines on stdin and
// approves that request at once. Usage: approver.ts <redisUrl> <prefix> <name> [plain]
// "plain" hides compareAndSet, to show what a store without it does.
import { createKVApprovalStore, isApprovalStateError } from "@awaitly/hitl";
import { createRedisStore } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { createInterface } from "node:readline";

const [url = "", prefix = "", name = "", mode = ""] = process.argv.slice(2);
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const { compareAndSet: _cas, ...plain } = createRedisStore(redis, { prefix });
const kv = mode === "plain" ? plain : createRedisStore(redis, { prefix });
const approvals = createKVApprovalStore(kv);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

await redis.ping();
say("ready");
for await (const line of createInterface({ input: process.stdin })) {
  const [command, key = ""] = line.split(" ");
  if (command === "quit") break;
  try {
    await approvals.grantApproval(key, { by: name }, { approvedBy: name });
    say(`result ${key} ok`);
  } catch (error) {
    say(`result ${key} ${isApprovalStateError(error) ? error.code : String(error)}`);
  }
}
await redis.quit();
