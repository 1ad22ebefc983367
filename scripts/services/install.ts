// How `npm test` gets a missing tool: Debian's package, when this process may install one.
import { spawnSync } from "node:child_process";

/** Whether `command` runs on this machine (it is on PATH, or an absolute path that exists). */
export function hasCommand(command: string): boolean {
  const found = spawnSync("sh", ["-c", `command -v "${command}"`], { stdio: "ignore" });
  return found.status === 0;
}

/**
 * Installs Debian packages with apt-get when running as root on a machine that has it (as CI
 * does); returns whether they were installed. Anywhere else it installs nothing and returns false.
 */
export function aptInstall(packages: string[], why: string): boolean {
  if (process.getuid?.() !== 0 || !hasCommand("apt-get")) return false;
  console.log(`services: installing ${packages.join(", ")} with apt-get (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
  if (update.status !== 0) return false;
  const install = spawnSync(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
    {
      stdio: "ignore",
      env,
    },
  );
  return install.status === 0;
}
