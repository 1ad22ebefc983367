import type { ColorScheme, StepState } from "../types";

const RESET = "\x1b[0m";
export const colorize = (text: string, color: string | undefined) =>
  color ? color + text + RESET : text;
export const bold = (text: string) => `\x1b[1m${text}${RESET}`;
export const dim = (text: string) => `\x1b[2m${text}${RESET}`;
// Built from a string: a literal ESC in a regex trips no-control-regex.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
export const stripAnsi = (text: string) => text.replace(ANSI, "");

type Env = { env?: Record<string, string | undefined>; stdout?: { isTTY?: boolean } };
/**
 * @internal Colour when the option says so; left unset, only on a TTY and never with `NO_COLOR`
 * set to a non-empty value (no-color.org). Read per call, so a redirected stream is honoured.
 */
export function wantsColor(option: boolean | undefined, stream?: { isTTY?: boolean | undefined }) {
  if (option !== undefined) return option;
  const proc = (globalThis as { process?: Env }).process;
  const noColor = proc?.env?.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return (stream ?? proc?.stdout)?.isTTY === true;
}
/** Columns a string takes on a terminal: escape codes take none. */
export const visibleWidth = (text: string) => [...stripAnsi(text)].length;

const SYMBOLS: Record<StepState, string> = {
  pending: "○",
  running: "⟳",
  success: "✓",
  error: "✗",
  aborted: "⊘",
  cached: "↺",
  skipped: "⊘",
  waiting: "⏸",
};
export const stateSymbol = (state: StepState) => SYMBOLS[state];
export const coloredSymbol = (state: StepState, colors: ColorScheme) =>
  colorize(SYMBOLS[state], colors[state]);

/** `45ms`, `1.5s`, `2m 5s`; rounds first, so 999.6 ms is `1s`, not `1000ms`. */
export function formatDuration(ms: number): string {
  const rounded = Math.round(ms);
  if (rounded < 1000) return `${rounded}ms`;
  if (rounded < 60_000) {
    const seconds = Math.round(rounded / 100) / 10;
    if (seconds < 60) return `${String(seconds)}s`;
  }
  const totalSeconds = Math.round(rounded / 1000);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return s === 0 ? `${m}m` : `${m}m ${s}s`;
}

let idCounter = 0;
/** @internal A unique id for nodes without a step id, key or name. */
export const generateId = () => `node_${Date.now()}_${(++idCounter).toString(36)}`;

/** @internal A user's decision value as text: JSON where it has one, so objects do not print as `[object Object]`. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "symbol") return value.toString();
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // Cycles and BigInts have no JSON; their kind is the best short label.
  }
  return typeof value === "bigint" ? value.toString() : typeof value;
}
