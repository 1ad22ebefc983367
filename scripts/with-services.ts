// `npm test` runs the checks through this: it makes sure the services the tests talk to are there
// (Redis, PostgreSQL with its `test` database, Chromium), exports where they are (REDIS_URL,
// DATABASE_URL, CHROMIUM_PATH), runs the command it was given, then stops what it started.
// Usage: node --import tsx scripts/with-services.ts <command> [args…]
import { spawn } from "node:child_process";
import { ensureChromium } from "./services/chromium";
import { ensurePostgresService } from "./services/postgres";
import { ensureRedisService, type RunningService } from "./services/redis";

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error("usage: node --import tsx scripts/with-services.ts <command> [args…]");
  process.exit(2);
}

const started: RunningService[] = [];
const missing: string[] = [];
/** Runs one service's check, keeping its one-line instruction when it cannot be had. */
async function need<T>(ensure: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await ensure();
  } catch (error) {
    missing.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

const redis = await need(() =>
  ensureRedisService(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"),
);
const postgres = await need(() =>
  ensurePostgresService(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"),
);
const chromium = await need(ensureChromium);
for (const service of [redis, postgres]) if (service?.started) started.push(service);

if (missing.length > 0) {
  for (const line of missing) console.error(`npm test needs ${line}`);
  await stopAll();
  process.exit(1);
}
console.log(`services: Redis ${redis!.url}, PostgreSQL ${postgres!.url}, Chromium ${chromium!}`);

const child = spawn(command, args, {
  stdio: "inherit",
  env: {
    ...process.env,
    REDIS_URL: redis!.url,
    DATABASE_URL: postgres!.url,
    CHROMIUM_PATH: chromium!,
  },
});
// Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
let interrupted: NodeJS.Signals | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = signal;
    child.kill(signal);
  });
}
child.on("exit", (code, signal) => {
  void stopAll().then(() => {
    process.exit(interrupted !== undefined || signal !== null ? 130 : (code ?? 1));
  });
});

/** Stops the servers this process started (never one that was already running). */
async function stopAll(): Promise<void> {
  await Promise.all(started.map((service) => service.stop().catch(() => {})));
}
