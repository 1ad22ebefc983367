// The headless browser the visualize and devtools tests render HTML views in.
import { existsSync } from "node:fs";
import { aptInstall } from "./install";

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * The path of a Chromium: `CHROMIUM_PATH` when set, else an installed one, else Debian's package
 * installed with apt-get (as root). Throws a one-line instruction when none can be had.
 */
export function ensureChromium(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given !== undefined) {
    if (existsSync(given)) return given;
    throw new Error(
      `Chromium: nothing at CHROMIUM_PATH=${given}; point it at a Chromium or Chrome binary`,
    );
  }
  const found = candidates.find((path) => existsSync(path));
  if (found !== undefined) return found;
  if (
    aptInstall(["chromium"], "the browser tests render HTML views") &&
    existsSync(candidates[0]!)
  ) {
    return candidates[0]!;
  }
  throw new Error(
    "Chromium: install it (apt-get install chromium, or any Chrome) or set CHROMIUM_PATH",
  );
}
