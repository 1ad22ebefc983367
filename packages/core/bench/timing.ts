/** Minimal interleaved timing: every contender runs once per round, rounds alternate, medians win. */
export interface Contender {
  name: string;
  /** One iteration of the measured work. */
  fn: () => Promise<unknown> | unknown;
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
