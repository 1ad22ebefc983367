#!/usr/bin/env node
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { formatDriftReport, runDriftCheck, type DriftCheckConfig } from "../drift-check";

// `awaitly-drift-check <module> [--json]`: replays the module's workflow body against its saved
// runs; exits 1 when any run would drift (a deploy gate), 2 when the check could not run.

const USAGE = "usage: awaitly-drift-check <module exporting { body, runs | store }> [--json]";

async function main(args: readonly string[]): Promise<number> {
  const json = args.includes("--json");
  const files = args.filter((arg) => arg !== "--json");
  if (files.length !== 1 || (files[0] as string).startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const loaded = (await import(pathToFileURL(resolve(files[0] as string)).href)) as {
    default?: unknown;
    drift?: unknown;
  };
  const config = (loaded.drift ?? loaded.default) as DriftCheckConfig<unknown, unknown, unknown>;
  const report = await runDriftCheck(config);
  console.log(
    json
      ? JSON.stringify(report, (key, value: unknown) => (key === "error" ? undefined : value), 2)
      : formatDriftReport(report),
  );
  return report.drifted > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (failure: unknown) => {
    console.error(failure instanceof Error ? failure.message : failure);
    process.exitCode = 2;
  },
);
