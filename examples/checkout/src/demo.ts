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
const tracing = setupTracing({ exporter: process.env.OTEL_CONSOLE === "0" ? "none" : "console" });
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
  console.log("\nOpenTelemetry spans (console exporter):\n");
  await tracing.shutdown();
  console.log(
    "\ndemo: all scenario checks passed — paid, declined and rolled back, retried, approved after a restart",
  );
} finally {
  await tracing.shutdown();
  await close();
  await rm(dataDir, { recursive: true, force: true });
}
