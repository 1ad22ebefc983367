/** `pnpm bench`: per-call overhead of the limiters (free slot / token available), next to cockatiel and p-limit. */
import { bulkhead } from "cockatiel";
import pLimit from "p-limit";
import { createConcurrencyLimiter, createRateLimiter } from "@awaitly/ratelimit";
import { measure, table } from "../../core/bench/timing";

const op = async () => 1;
const concurrency = createConcurrencyLimiter("bench", { maxConcurrent: 10 });
const rate = createRateLimiter("bench", { maxPerSecond: 1e12, burstCapacity: 1e12 });
const cockatielBulkhead = bulkhead(10, 100);
const limit = pLimit(10);

const results = await measure(
  [
    { name: "direct call", fn: () => op() },
    { name: "@awaitly concurrencyLimiter.execute", fn: () => concurrency.execute(op) },
    { name: "cockatiel bulkhead.execute", fn: () => cockatielBulkhead.execute(op) },
    { name: "p-limit", fn: () => limit(op) },
    { name: "@awaitly rateLimiter.execute (tokens available)", fn: () => rate.execute(op) },
  ],
  { rounds: 15, iterations: 5_000, warmup: 5_000 },
);
const direct = results[0]?.nsPerIteration ?? 1;
console.log("\n## Limiter overhead per call (no waiting)\n");
console.log(
  table(
    ["contender", "ns/call", "× direct"],
    results.map((r) => [
      r.name,
      Math.round(r.nsPerIteration),
      (r.nsPerIteration / direct).toFixed(2),
    ]),
  ),
);
