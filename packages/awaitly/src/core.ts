// awaitly/core: Result primitives, tagged errors and pattern matching. It re-exports @awaitly/core
// whole (run and workflows included) rather than keeping a hand-made subset in step with it.
export * from "@awaitly/core";
export type {
  TaggedErrorBase,
  TaggedErrorOptions,
  TaggedErrorCreateOptions,
  TaggedErrorConstructor,
  TagOf,
  ErrorByTag,
  PropsOf,
} from "@awaitly/tagged-error";
export { TaggedError } from "@awaitly/tagged-error";
export type { Tagged, Matcher } from "@awaitly/match";
export {
  Match,
  matchValue,
  matchTag,
  matchTags,
  exhaustive,
  matchOrElse,
  orElseValue,
  isTag,
  isOneOf,
} from "@awaitly/match";
