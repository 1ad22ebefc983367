import type { BaseNode, ColorScheme, StepState } from "../types";

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
// East Asian Wide and Fullwidth blocks (CJK, Hangul, fullwidth forms): two columns each.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns one grapheme (a user-perceived character) takes on a terminal. */
function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  if (EMOJI.test(grapheme)) return 2;
  const code = grapheme.codePointAt(0) ?? 0;
  return WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

/**
 * Columns a string takes on a terminal: escape codes take none, wide characters (CJK, emoji) two,
 * combining marks none.
 */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(stripAnsi(text))) width += graphemeWidth(segment);
  return width;
}

// Splits text into colour escape codes and the text between them.
const ANSI_PARTS = new RegExp(`(${String.fromCharCode(27)}\\[[0-9;]*m)`);

/**
 * @internal `text` cut to at most `max` columns, ending in `…` when something was cut. Colour
 * codes are kept (they take no columns), and a colour left open is reset.
 */
export function truncateToWidth(text: string, max: number): string {
  if (visibleWidth(text) <= max) return text;
  let out = "";
  let width = 0;
  let colored = false;
  for (const part of text.split(ANSI_PARTS)) {
    if (ANSI_PARTS.test(part)) {
      out += part;
      colored = part !== RESET;
      continue;
    }
    for (const { segment } of segmenter.segment(part)) {
      const w = graphemeWidth(segment);
      if (width + w > max - 1) return `${out.trimEnd()}…${colored ? RESET : ""}`;
      out += segment;
      width += w;
    }
  }
  return out;
}

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
/** @internal A node's symbol in its colour: `↩` for a step whose work was undone. */
export const nodeSymbol = (node: BaseNode, colors: ColorScheme) =>
  node.compensated ? colorize("↩", colors.compensated) : coloredSymbol(node.state, colors);

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

/**
 * @internal `formatDuration`, but under a millisecond with a decimal (`0.3ms`, `<0.1ms`): on a page
 * with room for it, a fast step does not read as a `0ms` one.
 */
export const formatPreciseDuration = (ms: number): string =>
  ms > 0 && ms < 0.95 ? (ms < 0.05 ? "<0.1ms" : `${ms.toFixed(1)}ms`) : formatDuration(ms);

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

/** @internal A short label for an error value: the string, its `type`/`_tag`, or `Name: message`. */
export function errorLabel(error: unknown): string {
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const tag = (error as { type?: unknown }).type ?? (error as { _tag?: unknown })._tag;
    if (typeof tag === "string") return tag;
    if (error instanceof Error) return `${error.name}: ${error.message}`;
  }
  return String(error);
}
