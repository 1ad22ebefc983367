import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScenario } from "./scenario";
import { openStore } from "./store";
import { setupTracing } from "./tracing";

// `npm run demo`: the whole story end to end, on files by default or Redis with REDIS_URL.
const dataDir = await mkdtemp(join(tmpdir(), "awaitly-checkout-"));
const { store, kind, close } = openStore({
  redisUrl: process.env.REDIS_URL,
  dataDir,
  prefix: `awaitly-demo:${Date.now()}:`,
});
// Spans are summarised by default; OTEL_TRACES_EXPORTER=console prints every span (the standard
// OpenTelemetry variable), OTEL_TRACES_EXPORTER=none prints none.
const tracesExporter = process.env.OTEL_TRACES_EXPORTER;
const tracing = setupTracing({
  exporter: tracesExporter === "console" || tracesExporter === "none" ? tracesExporter : "summary",
});
console.log(
  `awaitly checkout demo — state in ${kind === "redis" ? process.env.REDIS_URL : dataDir}\n`,
);
try {
  const result = await runScenario({ store, tracing, log: (line) => console.log(line) });
  console.log("\nDeclined order, rolled back:\n");
  console.log(result.views.declinedAscii);
  console.log("\nLarge order, approved after a restart (second invocation):\n");
  console.log(result.views.ascii);
  console.log("\nThe same run as Mermaid (GET /runs/:id/diagram?format=mermaid):\n");
  console.log(result.views.mermaid);
  if (tracesExporter === "console") {
    console.log("\nOpenTelemetry spans (console exporter):\n");
  } else if (tracesExporter !== "none") {
    console.log("\nOpenTelemetry traces (OTEL_TRACES_EXPORTER=console prints every span):\n");
    for (const line of tracing.summary()) console.log(line);
  }
  await tracing.shutdown();
  console.log(
    "\ndemo: all scenario checks passed — paid, declined and rolled back, retried, approved after a restart",
  );
} finally {
  await tracing.shutdown();
  await close();
  await rm(dataDir, { recursive: true, force: true });
}
