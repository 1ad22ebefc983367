// Result
export type { Ok, Err, Result, AsyncResult, MaybeAsyncResult } from "./result/result";
export { ok, err, isOk, isErr } from "./result/result";
export type {
  UnexpectedError,
  UnexpectedCause,
  UnexpectedStepFailureCause,
  PromiseRejectedError,
  PromiseRejectionCause,
  EmptyInputError,
  SettledError,
  CancelledError,
} from "./result/errors";
export { isUnexpectedError, isCancelledError } from "./result/errors";
export {
  FloatingStepError,
  StepKeyCollisionError,
  ResumeStateError,
  isFloatingStepError,
  isStepKeyCollisionError,
  isResumeStateError,
} from "./run/misuse-errors";
export { hasType } from "./result/has-type";
export { SUSPENDED_TYPE, isSuspended } from "./result/suspended";
export type {
  ErrorOf,
  Errors,
  ExtractValue,
  ExtractError,
  ExtractCause,
  CauseOf,
} from "./result/type-utils";
export { UnwrapError, unwrap, unwrapOr, unwrapOrElse } from "./result/unwrap";
export { from, fromPromise, tryAsync, fromNullable } from "./result/wrap";
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
} from "./result/transform";
export {
  all,
  allAsync,
  allSettled,
  allSettledAsync,
  any,
  anyAsync,
  partition,
} from "./result/batch";
export { hydrate, isSerializedResult } from "./result/hydrate";

// run() and steps
export type { RunStep, StepCompensation } from "./run/run-step";
export type { AroundStep, StepRef } from "./run/around-step";
export type { RunOptions, RunOptionsWithCatch, RunOptionsWithoutCatch } from "./run/run";
export { run } from "./run/run";
export type {
  StepOptions,
  BackoffStrategy,
  RetryOptions,
  TimeoutOptions,
  StepTimeoutError,
  StepTimeoutMarkerMeta,
} from "./run/step-options";
export { STEP_TIMEOUT_MARKER, isStepTimeoutError, getStepTimeoutMeta } from "./run/timeout";
export type { WorkflowEvent, ScopeType } from "./run/events";
export type { StepFailureMeta, EarlyExit } from "./run/early-exit";
export { EARLY_EXIT_SYMBOL, createEarlyExit, isEarlyExit } from "./run/early-exit";

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
  AfterStepHook,
  ResumeState,
} from "./workflow/types";
export type { StepCache, ResumeStateEntry } from "./run/step-cache";
export { createWorkflow } from "./workflow/create-workflow";
export { isStepComplete, createStepCollector } from "./workflow/step-collector";

// Deploying new code under runs in flight: drift detection, patches, the pre-deploy check
export { WorkflowDriftError, isWorkflowDriftError } from "./workflow/drift-error";
export type {
  DriftRun,
  DriftVerdict,
  DriftReport,
  DriftBody,
  CheckDriftOptions,
} from "./workflow/check-drift";
export { checkDrift } from "./workflow/check-drift";

// Duration (the full set lives on the `Duration` namespace object)
export type { DurationType } from "./duration/duration";
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
} from "./duration/duration";

// Clock: what retries, timeouts, breakers, limiters and schedules wait on
export type { Clock } from "./clock/clock";
export { realClock } from "./clock/clock";
export { resolveClock } from "./clock/resolve-clock";

// Storage contract shared by persistence, HITL stores and adapters
export type { KeyValueStore, KeyValueSetOptions } from "./storage/key-value-store";

// The wire codec: one versioned encoding for checkpoints, HITL state, job data and outcomes
export type { WireJson, WireCause, WireResult, WireMeta, WireEntry } from "./wire/wire-types";
export type { WireOptions } from "./wire/options";
export type { WireEncodeErrorReason, WireDecodeErrorReason } from "./wire/errors";
export { WIRE_FORMAT_VERSION } from "./wire/tags";
export { DEFAULT_WIRE_OPTIONS } from "./wire/options";
export {
  WireEncodeError,
  WireDecodeError,
  isWireEncodeError,
  isWireDecodeError,
} from "./wire/errors";
export { encodeValue, decodeValue } from "./wire/value";
export { encodeCause, decodeCause, encodeResult, decodeResult } from "./wire/result";
export { encodeMeta, decodeMeta, encodeEntry, decodeEntry } from "./wire/entry";
export { stringifyValue, parseValue, stringifyResult, parseResult } from "./wire/text";
export { encodeOutcome, decodeOutcome } from "./wire/outcome";
export type { Fence, FenceSource } from "./storage/fence";
export type { CheckpointHooks } from "./storage/checkpoint-hooks";
export type {
  RunTracing,
  RunAttemptInfo,
  RunAttemptSpan,
  RunAttemptOutcome,
  RunLink,
  RunWaitInfo,
  RunWaitKind,
  RunWaitOutcome,
  TraceCarrier,
} from "./tracing/run-tracing";
export type { Checkpointer, CheckpointerRunOptions, CheckpointAnnex } from "./storage/checkpointer";
export type { CheckpointIO, CheckpointWriteStatus } from "./storage/checkpoint-io";
export type {
  ApprovalStatus,
  ApprovalStore,
  CreateApprovalOptions,
  ListPendingOptions,
} from "./storage/approval-store";
export type {
  SavedWorkflowState,
  WorkflowStateStore,
  WorkflowStateListOptions,
} from "./storage/workflow-state-store";
export { assertKnownOptions } from "./workflow/known-options";
export type {
  StandardSchemaV1,
  StandardSchemaResult,
  StandardSchemaIssue,
  InferSchemaInput,
  InferSchemaOutput,
} from "./runs/standard-schema";
export type { TerminalRunState, OutcomeErrorClass } from "./runs/run-errors";
export {
  RunConflictError,
  RunNotFoundError,
  RunTimeoutError,
  RunCancelledError,
  RunFinishedError,
  SignalNotAwaitedError,
  SignalPayloadError,
  isRunConflictError,
  isRunNotFoundError,
  isRunTimeoutError,
  isRunCancelledError,
  isRunFinishedError,
  isSignalNotAwaitedError,
  isSignalPayloadError,
  runErrorClasses,
  terminalStateOf,
} from "./runs/run-errors";
export { errorTypeOf, errorMessageOf } from "./runs/error-summary";
export type { DurableRun } from "./runs/durable-run";
