import type { ColorScheme } from "./types";

/** ANSI colours per step state used by the terminal renderers. */
export const defaultColorScheme: ColorScheme = {
  pending: "\x1b[37m",
  running: "\x1b[33m",
  success: "\x1b[32m",
  error: "\x1b[31m",
  aborted: "\x1b[90m",
  cached: "\x1b[34m",
  skipped: "\x1b[2m\x1b[90m",
  waiting: "\x1b[35m",
  compensated: "\x1b[36m",
};
