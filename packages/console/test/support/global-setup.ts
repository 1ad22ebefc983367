import type { TestProject } from "vitest/node";
import { ensureRedis } from "../../../../test-support/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** Finds (or starts) the Redis every test file uses, once per test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await ensureRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  project.provide("redisUrl", redis.url);
  return redis.stop;
}
