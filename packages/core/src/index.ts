// Result
export type { Ok, Err, Result, AsyncResult, MaybeAsyncResult } from "./result";
export { ok, err, isOk, isErr } from "./result";
export type {
  UnexpectedError,
  UnexpectedCause,
  UnexpectedStepFailureCause,
  PromiseRejectedError,
  PromiseRejectionCause,
  EmptyInputError,
  SettledError,
  CancelledError,
} from "./errors";
export { isUnexpectedError, isCancelledError } from "./errors";
export {
  FloatingStepError,
  StepKeyCollisionError,
  ResumeStateError,
  isFloatingStepError,
  isStepKeyCollisionError,
  isResumeStateError,
} from "./misuse-errors";
export { hasType } from "./has-type";
export type {
  ErrorOf,
  Errors,
  ExtractValue,
  ExtractError,
  ExtractCause,
  CauseOf,
} from "./type-utils";
export { UnwrapError, unwrap, unwrapOr, unwrapOrElse } from "./unwrap";
export { from, fromPromise, tryAsync, fromNullable } from "./wrap";
export {
  map,
  mapError,
  match,
  andThen,
  tap,
  tapError,
  mapTry,
  mapErrorTry,
  bimap,
  orElse,
  orElseAsync,
  recover,
  recoverAsync,
} from "./transform";
export { all, allAsync, allSettled, allSettledAsync, any, anyAsync, partition } from "./batch";
export { hydrate, isSerializedResult } from "./hydrate";

// run() and steps
export type { RunStep } from "./run-step";
export type { RunOptions, RunOptionsWithCatch, RunOptionsWithoutCatch } from "./run";
export { run } from "./run";
export type {
  StepOptions,
  BackoffStrategy,
  RetryOptions,
  TimeoutOptions,
  StepTimeoutError,
  StepTimeoutMarkerMeta,
} from "./step-options";
export { STEP_TIMEOUT_MARKER, isStepTimeoutError, getStepTimeoutMeta } from "./timeout";
export type { WorkflowEvent, ScopeType } from "./events";
export type { StepFailureMeta, EarlyExit } from "./early-exit";
export { EARLY_EXIT_SYMBOL, createEarlyExit, isEarlyExit } from "./early-exit";

// Workflows
export type {
  AnyResultFn,
  ErrorsOfDeps,
  CausesOfDeps,
  WorkflowOptions,
  WorkflowOptionsStrict,
  Workflow,
  WorkflowStrict,
  WorkflowContext,
  WorkflowCallOptions,
  StepCache,
  ResumeState,
  ResumeStateEntry,
} from "./workflow/types";
export { createWorkflow } from "./workflow/create-workflow";
export { isStepComplete, createStepCollector } from "./workflow/step-collector";

// Duration (the full set lives on the `Duration` namespace object)
export type { DurationType } from "./duration";
export {
  Duration,
  millis,
  seconds,
  minutes,
  hours,
  days,
  toMillis,
  toSeconds,
  toMinutes,
  toHours,
  toDays,
  isDuration,
} from "./duration";

// Storage contract shared by persistence, HITL stores and adapters
export type { KeyValueStore, KeyValueSetOptions } from "./key-value-store";
