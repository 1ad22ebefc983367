// Cancels a run from a process of its own: `node --import tsx cancel-run.ts <url> <prefix> <queue> <runId>`.
import { createWorkflowQueue } from "@awaitly/bullmq";
import { Redis } from "ioredis";

const [url, prefix, queueName, runId] = process.argv.slice(2) as [string, string, string, string];
const connection = new Redis(url, { maxRetriesPerRequest: null });
const queue = createWorkflowQueue(queueName, { connection, prefix });
const found = await queue.cancel(runId);
process.stdout.write(`${String(found.ok)}\n`);
await queue.close();
connection.disconnect();
