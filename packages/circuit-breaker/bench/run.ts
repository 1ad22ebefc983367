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

// A steady stream of failures, one per simulated millisecond, through a 60 s window: recording
// must cost the same after 200k failures as at the start.
const realNow = Date.now;
let simulated = 0;
Date.now = () => simulated;
const streamed = createCircuitBreaker("stream", {
  failureThreshold: Number.MAX_SAFE_INTEGER,
  windowSize: 60_000,
});
const error = new Error("down");
const rates: number[] = [];
for (let block = 0; block < 20; block++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < 10_000; i++) {
    simulated++;
    streamed.recordFailure(error);
  }
  rates.push(10_000 / (Number(process.hrtime.bigint() - start) / 1e9));
}
Date.now = realNow;
console.log("\n## Recording failures under a steady stream (60 s window, 1 failure/ms)\n");
console.log(
  table(
    ["failures recorded", "failures/s"],
    [
      ["first 10k", Math.round(rates[0]!)],
      ["10k after 100k", Math.round(rates[10]!)],
      ["last 10k of 200k", Math.round(rates[19]!)],
    ],
  ),
);
