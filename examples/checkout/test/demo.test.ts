import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

async function demo(env: Record<string, string>): Promise<string[]> {
  const { REDIS_URL: _ignored, ...inherited } = process.env;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "src/demo.ts"], {
    cwd: root,
    env: { ...inherited, ...env },
    timeout: 60_000,
  });
  return stdout.split("\n");
}

describe("npm run demo", () => {
  it("tells the story in under 150 lines, spans summarised, no colour when piped", async () => {
    const lines = await demo({});
    expect(lines.join("\n").includes("\u001b[")).toBe(false);
    expect(lines.length).toBeLessThan(150);
    expect(lines.join("\n")).toContain("demo: all scenario checks passed");
    expect(lines.some((line) => /^\d+ spans in \d+ traces:$/.test(line))).toBe(true);
    expect(lines.join("\n")).toContain("OTEL_TRACES_EXPORTER=console");
  }, 90_000);

  it("prints every span when OTEL_TRACES_EXPORTER=console", async () => {
    const lines = await demo({ OTEL_TRACES_EXPORTER: "console" });
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.join("\n")).toContain("traceId");
  }, 90_000);
});
