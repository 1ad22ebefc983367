/**
 * Minimal interleaved timing: every contender runs once per round, rounds alternate, medians win.
 * `inChildren` repeats a measurement in fresh processes: on a shared 2-core VM one process's JIT
 * and GC luck moves a ratio by ±0.5, so tables report the median of several processes.
 */
import { spawnSync } from "node:child_process";

export interface Contender {
  name: string;
  /** One iteration of the measured work. */
  fn: () => unknown;
}

export interface Measurement {
  name: string;
  /** Median nanoseconds per iteration across rounds. */
  nsPerIteration: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export async function measure(
  contenders: Contender[],
  { rounds = 15, iterations = 2_000, warmup = 2_000 } = {},
): Promise<Measurement[]> {
  for (const c of contenders) for (let i = 0; i < warmup; i++) await c.fn();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no contender always runs right after GC-heavy neighbours.
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const c of order) {
      // CPU time, not wall time: other processes on a shared machine do not count against us.
      const start = process.cpuUsage();
      for (let i = 0; i < iterations; i++) await c.fn();
      const used = process.cpuUsage(start);
      samples.get(c.name)!.push(((used.user + used.system) * 1000) / iterations);
    }
  }
  return contenders.map((c) => ({ name: c.name, nsPerIteration: median(samples.get(c.name)!) }));
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(cells[0]!),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

/** One contender across processes: median ns/iteration, and its ratio to the baseline (the first). */
export interface Summary {
  name: string;
  nsPerIteration: number;
  ratio: number;
  lowRatio: number;
  highRatio: number;
}

/**
 * Runs this bench file again `processes` times with `args` (one at a time, so they do not compete
 * for the cores); each child prints its Measurement[] as JSON. Ratios are taken within a process.
 */
export function inChildren(processes: number, args: string[]): Summary[] {
  const runs: Measurement[][] = [];
  for (let p = 0; p < processes; p++) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0) throw new Error(`bench child ${args.join(" ")} exited ${child.status}`);
    runs.push(JSON.parse(child.stdout) as Measurement[]);
  }
  return runs[0]!.map(({ name }, i) => {
    const ratios = runs.map((r) => r[i]!.nsPerIteration / r[0]!.nsPerIteration);
    return {
      name,
      nsPerIteration: median(runs.map((r) => r[i]!.nsPerIteration)),
      ratio: median(ratios),
      lowRatio: Math.min(...ratios),
      highRatio: Math.max(...ratios),
    };
  });
}
