/** `pnpm bench`: per-call overhead of `breaker.execute` on a closed circuit, next to cockatiel. */
import { ConsecutiveBreaker, circuitBreaker, handleAll } from "cockatiel";
import { createCircuitBreaker } from "@awaitly/circuit-breaker";
import { measure, table } from "../../core/bench/timing";

const op = async () => 1;
const ours = createCircuitBreaker("bench", { failureThreshold: 5 });
const theirs = circuitBreaker(handleAll, {
  halfOpenAfter: 30_000,
  breaker: new ConsecutiveBreaker(5),
});

const results = await measure(
  [
    { name: "direct call", fn: () => op() },
    { name: "@awaitly/circuit-breaker execute", fn: () => ours.execute(op) },
    { name: "cockatiel circuitBreaker.execute", fn: () => theirs.execute(op) },
  ],
  { rounds: 15, iterations: 5_000, warmup: 5_000 },
);
const direct = results[0]?.nsPerIteration ?? 1;
console.log("\n## Circuit breaker overhead per call (closed circuit)\n");
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
