import { join } from "node:path";
import { createKVApprovalStore } from "@awaitly/hitl";
import { createCheckoutApp } from "./app";
import { openStore } from "./store";
import { setupTracing } from "./tracing";

// `npm start`: the service on PORT (default 3000). Set REDIS_URL to share state between processes.
// Every span goes to the console unless OTEL_TRACES_EXPORTER=none (the standard variable).
const tracing = setupTracing({
  exporter: process.env.OTEL_TRACES_EXPORTER === "none" ? "none" : "console",
});
const { store, kind } = openStore({
  redisUrl: process.env.REDIS_URL,
  dataDir: process.env.DATA_DIR ?? join(process.cwd(), ".data"),
});
const managerToken = process.env.MANAGER_TOKEN ?? "dev-manager-token";
const app = createCheckoutApp({
  store,
  approvals: createKVApprovalStore(store, { decidedTtlSeconds: 86_400 }),
  managerToken,
  tracing,
});
const { url } = await app.listen(Number(process.env.PORT ?? 3000));
console.log(`checkout listening on ${url} (state: ${kind})`);
