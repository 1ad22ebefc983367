/**
 * `pnpm bench`: what tracing costs a 10-step workflow — no handler, the handler on the global
 * no-op API (no SDK registered), and the handler on the real SDK (spans to an in-memory exporter).
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createOtelEventHandler } from "@awaitly/otel";
import { measure, table } from "../../core/bench/timing";

const STEPS = 10;
const dep = async (i: number): AsyncResult<number, "E"> => ok(i);
const body = async (
  step: (op: () => AsyncResult<number, "E">, name: string) => Promise<number>,
) => {
  let sum = 0;
  for (let i = 0; i < STEPS; i++) sum += await step(() => dep(i), `step-${i}`);
  return sum;
};

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
}).getTracer("bench");
const meter = new MeterProvider().getMeter("bench");

const plain = createWorkflow({ dep });
const listener = createWorkflow({ dep }, { onEvent: () => {} });
const noop = createWorkflow({ dep }, { onEvent: createOtelEventHandler().handleEvent });
const sdk = createWorkflow(
  { dep },
  { onEvent: createOtelEventHandler({ tracer, meter }).handleEvent },
);

const results = await measure(
  [
    { name: "createWorkflow, no listener", fn: () => plain((step) => body(step)) },
    { name: "createWorkflow, empty listener", fn: () => listener((step) => body(step)) },
    { name: "+ otel handler, no SDK (no-op API)", fn: () => noop((step) => body(step)) },
    {
      name: "+ otel handler, SDK (in-memory exporter)",
      fn: async () => {
        await sdk((step) => body(step));
        exporter.reset();
      },
    },
  ],
  { rounds: 11, iterations: 500, warmup: 500 },
);
const floor = results[0]?.nsPerIteration ?? 1;
console.log("\n## 10-step workflow with @awaitly/otel (median of interleaved rounds)\n");
console.log(
  table(
    ["contender", "µs/run", "× no listener"],
    results.map((r) => [
      r.name,
      (r.nsPerIteration / 1000).toFixed(1),
      (r.nsPerIteration / floor).toFixed(2),
    ]),
  ),
);
