import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { Redis } from "ioredis";
import { runScenario } from "../src/scenario";
import { openStore } from "../src/store";
import { setupTracing } from "../src/tracing";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Fails (never skips) with what to do when no Redis answers. */
async function assertRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `No Redis at ${url} (${(error as Error).message}). Start one with \`redis-server --daemonize yes --port 6379 --save "" --appendonly no\` or set REDIS_URL.`,
    );
  } finally {
    client.disconnect();
  }
}

describe("checkout service", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "checkout-test-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs the whole scenario on the file store, with spans under each request", async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = setupTracing({ exporter });
    const { store } = openStore({ dataDir });
    const result = await runScenario({ store, tracing });
    // Read before shutdown: shutting the provider down empties the in-memory exporter.
    const spans = exporter.getFinishedSpans();
    await tracing.shutdown();

    expect(result.paid.status).toBe(201);
    expect(result.declined.body).toMatchObject({
      status: "failed",
      error: { type: "CARD_DECLINED" },
      compensations: ["reserve: undone"],
    });
    expect(result.approved.body).toMatchObject({ run: { status: "completed", invocations: 2 } });
    expect(result.views.mermaid).toMatch(/^(flowchart|graph)/m);
    expect(result.views.html).toContain("<html");
    expect(result.views.ascii).toContain("Send confirmation");

    const request = spans.find((s) => s.name === "POST /checkout");
    expect(request).toBeDefined();
    const children = spans.filter(
      (s) => s.parentSpanContext?.spanId === request?.spanContext().spanId,
    );
    expect(children.map((s) => s.name)).toContain("checkout.workflow");
    const workflowSpan = children.find((s) => s.name === "checkout.workflow");
    const steps = spans.filter(
      (s) => s.parentSpanContext?.spanId === workflowSpan?.spanContext().spanId,
    );
    expect(steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(["checkout.Validate order", "checkout.Charge card"]),
    );
  });

  it("runs the same scenario on Redis", async () => {
    await assertRedis(redisUrl);
    const { store, close } = openStore({
      redisUrl,
      dataDir,
      prefix: `checkout-test:${process.pid}:${Date.now()}:`,
    });
    try {
      const result = await runScenario({ store, prefix: "redis-" });
      expect(result.approved.body).toMatchObject({ run: { status: "completed" } });
    } finally {
      for (const key of await store.keys("*")) await store.delete(key);
      await close();
    }
  });
});
