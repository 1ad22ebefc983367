/**
 * `pnpm bench`: overhead per item of `processInBatches` against a hand-written loop of the same
 * shape (consecutive batches, a pool of `concurrency` workers per batch, stop on the first err,
 * values in input order). 100,000 no-op items, batchSize 100, concurrency 10.
 */
import { ok, type AsyncResult, type Result } from "@awaitly/core";
import { processInBatches } from "@awaitly/batch";
import { inChildren, measure, table } from "../../core/bench/timing";

const N = 100_000;
const BATCH = 100;
const CONCURRENCY = 10;
const items = Array.from({ length: N }, (_, i) => i);
const noop = async (i: number): AsyncResult<number, "NEVER"> => ok(i);

// Written out as someone would by hand: the same work, none of the package's checks or hooks.
async function handWritten(
  input: readonly number[],
  fn: (item: number, index: number) => AsyncResult<number, "NEVER">,
): Promise<Result<number[], "NEVER">> {
  const n = input.length;
  const results = new Array<number>(n);
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    let next = start;
    let failed: Result<number[], "NEVER"> | undefined;
    const worker = async (): Promise<void> => {
      while (failed === undefined && next < end) {
        const i = next++;
        const r = await fn(input[i]!, i);
        if (!r.ok) {
          failed = r;
          return;
        }
        results[i] = r.value;
      }
    };
    const workers: Promise<void>[] = [];
    for (let w = 0; w < Math.min(CONCURRENCY, end - start); w++) workers.push(worker());
    await Promise.all(workers);
    if (failed !== undefined) return failed;
  }
  return ok(results);
}

const signal = new AbortController().signal;
const contenders = [
  { name: "hand-written loop", fn: () => handWritten(items, noop) },
  {
    name: "processInBatches",
    fn: () => processInBatches(items, noop, { batchSize: BATCH, concurrency: CONCURRENCY }),
  },
  {
    name: "processInBatches + signal, onProgress",
    fn: () =>
      processInBatches(
        items,
        noop,
        { batchSize: BATCH, concurrency: CONCURRENCY },
        { signal, onProgress: () => {} },
      ),
  },
];

if (process.argv.includes("--child")) {
  const results = await measure(contenders, { rounds: 11, iterations: 2, warmup: 3 });
  process.stdout.write(JSON.stringify(results));
} else {
  const processes = 5;
  const summary = inChildren(processes, ["--child"]);
  console.log(
    `\n## Overhead per item: ${N.toLocaleString("en")} no-op items, batchSize ${BATCH}, concurrency ${CONCURRENCY} (median of ${processes} processes)\n`,
  );
  console.log(
    table(
      ["contender", "ns/item", "× hand-written", "range"],
      summary.map((s) => [
        s.name,
        Math.round(s.nsPerIteration / N),
        s.ratio.toFixed(2),
        `${s.lowRatio.toFixed(2)}–${s.highRatio.toFixed(2)}`,
      ]),
    ),
  );
}
