import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** Resolves whether a Redis server answers PING at `url` within about a second. */
export async function pingRedis(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Returns a URL with a live Redis: `url` when it answers, else a `redis-server` started on a free
 * port (stop it with the returned `stop`). Throws, saying what is missing, when neither works.
 */
export async function ensureRedis(
  url: string,
): Promise<{ url: string; started: boolean; stop: () => Promise<void> }> {
  if (await pingRedis(url)) return { url, started: false, stop: async () => {} };
  const which = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (which.error !== undefined || which.status !== 0) {
    throw new Error(
      `No Redis answers at ${url} and no redis-server binary is on PATH. ` +
        "Start Redis and set REDIS_URL (e.g. docker run -p 6379:6379 redis:7), or install redis-server (apt-get install redis-server).",
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const started = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(started)) {
      return {
        url: started,
        started: true,
        stop: () =>
          new Promise((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`Started redis-server on port ${port} but it never answered PING`);
}
