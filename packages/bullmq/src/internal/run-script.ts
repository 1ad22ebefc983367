import { createHash } from "node:crypto";
import type { RedisClient } from "./option-checks";

const shas = new Map<string, string>();

/**
 * @internal Runs a Lua script (one of `src/scripts/`) by its SHA1, computed here (a SCRIPT LOAD
 * would reach one node of a cluster only), falling back to EVAL, which caches it on that node, on
 * NOSCRIPT.
 */
export async function runScript(
  redis: RedisClient,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}
