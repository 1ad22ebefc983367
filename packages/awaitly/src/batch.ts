// awaitly/batch: combining many Results.
export type {
  SettledError,
  EmptyInputError,
  PromiseRejectedError,
  PromiseRejectionCause,
} from "@awaitly/core";
export {
  all,
  allAsync,
  allSettled,
  allSettledAsync,
  any,
  anyAsync,
  partition,
} from "@awaitly/core";
