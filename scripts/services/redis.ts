// The Redis the bullmq, persistence-redis, batch and example tests (and the scratch app) talk to.
import { ensureRedis, pingRedis } from "../../test-support/redis-server";
import { aptInstall, hasCommand } from "./install";

/** A Redis that answers, and how to stop it when this process started it. */
export type RunningService = { url: string; started: boolean; stop: () => Promise<void> };

/**
 * `url` when Redis answers there; else a `redis-server` started on its port (installing Debian's
 * redis-server first when root may). Throws a one-line instruction when none can be had.
 */
export async function ensureRedisService(url: string): Promise<RunningService> {
  if (await pingRedis(url)) return { url, started: false, stop: async () => {} };
  const { hostname, port } = new URL(url);
  if (!isLocal(hostname)) {
    throw new Error(
      `Redis: nothing answers at REDIS_URL=${url}; start it there or unset REDIS_URL`,
    );
  }
  if (!hasCommand("redis-server") && !aptInstall(["redis-server"], `nothing answers at ${url}`)) {
    throw new Error(
      "Redis: install redis-server (apt-get install redis-server, brew install redis) or set REDIS_URL",
    );
  }
  console.log(`services: starting redis-server on port ${port || 6379}`);
  return ensureRedis(url, Number(port || 6379));
}

/** Whether a URL's host is this machine (where we may start a server). */
export function isLocal(hostname: string): boolean {
  return ["127.0.0.1", "localhost", "::1", "[::1]", ""].includes(hostname);
}
