import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * A worker process running `code` (see deploy-worker.ts) on `version` (none when omitted),
 * resolved once it is ready.
 */
export function startDeployWorker(
  url: string,
  prefix: string,
  code: "v1" | "v2" | "v2-patched",
  version?: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@awaitly/source",
      "--import",
      "tsx",
      "test/support/deploy-worker.ts",
      url,
      prefix,
      code,
      version ?? "",
    ],
    { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${String(code)})`)));
  });
}

/** Stops a worker process (gracefully by default: it closes its worker first) and waits for it to exit. */
export function stopDeployWorker(
  child: ChildProcess,
  signal: "SIGTERM" | "SIGKILL" = "SIGTERM",
): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
