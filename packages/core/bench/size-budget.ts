/**
 * The size budget, run by `pnpm test` (and so by CI): the bundle of `run`, `ok` and
 * `createWorkflow` from the sources must stay within BUDGET_BYTES min+gzip, and modules an app
 * importing only those never uses (the wire codec, the storage contracts) must contribute no
 * bytes: tree-shaking has to drop them. Exits non-zero, naming the excess, otherwise.
 */
import { relative } from "node:path";
import { coreImport, measureBundle, packageRoot, sourceEntry } from "./bundle";

/**
 * 9.85 KB min+gzip: 8 KB (issue 25) plus the keyed-step order every workflow run records and checks
 * on resume (issue 28: the order tracker, WorkflowDriftError, step.patched; ~1.25 KB), plus
 * `step.recordCompensation` and its `onStepCompensation` hook (saga compensations in run records;
 * ~65 B), plus failed steps the body never awaited ending their run instead of crashing the process
 * (issue 26; ~120 B).
 */
export const BUDGET_BYTES = 9.85 * 1024;

// Source folders (and files) whose code must be tree-shaken out of the run/ok/createWorkflow bundle.
const MUST_DROP = ["src/wire/", "src/storage/", "src/runs/", "src/workflow/check-drift.ts"];

const bundle = await measureBundle(coreImport(sourceEntry));
const problems: string[] = [];
if (bundle.gzipBytes > BUDGET_BYTES) {
  problems.push(
    `run + ok + createWorkflow is ${bundle.gzipBytes} bytes min+gzip, over the budget of ${BUDGET_BYTES} by ${bundle.gzipBytes - BUDGET_BYTES}: ` +
      "run `pnpm bench:bundle` to see which modules grew",
  );
}
for (const output of Object.values(bundle.metafile.outputs)) {
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const path = relative(packageRoot, input);
    if (bytesInOutput > 0 && MUST_DROP.some((folder) => path.startsWith(folder))) {
      problems.push(
        `${path} adds ${bytesInOutput} bytes to run + ok + createWorkflow: it must be tree-shaken (no top-level side effects, no import from run/ or workflow/)`,
      );
    }
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`size budget: ${problem}`);
  process.exitCode = 1;
} else {
  console.log(
    `size budget: run + ok + createWorkflow ${bundle.gzipBytes} / ${BUDGET_BYTES} bytes min+gzip (${bundle.minBytes} minified)`,
  );
}
