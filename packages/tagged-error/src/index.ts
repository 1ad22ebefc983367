export { TaggedError } from "./tagged-error";
export type {
  TaggedErrorBase,
  TaggedErrorOptions,
  TaggedErrorCreateOptions,
  TaggedErrorConstructor,
  TaggedErrorClassFactory,
  TagOf,
  ErrorByTag,
  PropsOf,
} from "./types";
