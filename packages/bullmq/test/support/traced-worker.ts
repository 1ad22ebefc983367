// A traced worker process: `node --import tsx traced-worker.ts <url> <prefix> <spanFile> <hang>`.
// Its spans go to <spanFile> as they start and end. With <hang> = "1" step "two" never ends (the
// test kills this process there); otherwise the run goes on to wait for the "approve" signal.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { ok, type AsyncResult } from "@awaitly/core";
import { createWorkflowWorker } from "@awaitly/bullmq";
import { createRunTracing } from "@awaitly/otel";
import { createRedisCheckpointer } from "@awaitly/persistence-redis";
import { Redis } from "ioredis";
import { spanFileProcessor } from "./span-file";

const [url, prefix, spanFile, hang] = process.argv.slice(2) as [string, string, string, string];
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [spanFileProcessor(spanFile)] }),
);
const redis = new Redis(url, { maxRetriesPerRequest: null });
const marks = new Redis(url);

const mark = async (what: string): AsyncResult<string, never> => {
  await marks.rpush(`${prefix}:marks`, `${what} ${String(process.pid)}`);
  return ok(what);
};

createWorkflowWorker("orders", {
  connection: redis,
  prefix,
  checkpointer: createRedisCheckpointer(new Redis(url), { prefix: `${prefix}:cp:` }),
  lockDurationMs: 1000,
  stalledIntervalMs: 500,
  tracing: createRunTracing({ serviceName: "orders" }),
  deps: { mark },
  workflow: async (step, deps, _input: { id: number }, run) => {
    await step(() => deps.mark("one"), { key: "one", name: "one" });
    await step(
      async () => {
        if (hang === "1") {
          await deps.mark("two-hangs");
          await new Promise(() => {});
        }
        return deps.mark("two");
      },
      { key: "two", name: "two" },
    );
    const approval = await run.waitForSignal<string>("approve");
    return step(() => deps.mark(`three ${approval.received ? approval.payload : "-"}`), {
      key: "three",
      name: "three",
    });
  },
});
process.stdout.write("ready\n");
