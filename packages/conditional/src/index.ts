export type { ConditionalOptions, ConditionalContext } from "./types";
export { when, unless, whenOr, unlessOr } from "./conditional";
export { createConditionalHelpers } from "./conditional-helpers";
